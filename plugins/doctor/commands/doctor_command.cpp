// `deckhand doctor [--output text|json]`: exit 0 when every check passed, 1 otherwise.
#include "doctor_command.hpp"

#include "deckhand/doctor/doctor.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/json_report.hpp"

namespace deckhand::doctor {
namespace po = boost::program_options;

namespace {

class DoctorCommand final : public Command {
  public:
    std::string name() const override { return "doctor"; }
    std::string summary() const override {
        return "Check what a deployment needs: plugins, database, migrations, schema";
    }
    std::string description() const override {
        return "Prints one line per check with ok or FAIL and the reason: the plugins load, the "
               "database URL parses, the database answers with these credentials, the migrations "
               "folder is readable and well-formed, the schema is current, the seed and commands "
               "folders parse, and every check that plugins add. Exits 1 if any check failed. It "
               "changes nothing. --output json prints {\"command\": \"doctor\", \"ok\", "
               "\"exit_status\", \"failed\", \"passed\", \"skipped\", "
               "\"schema_version\", \"duration_ms\", \"checks\": [{\"name\", "
               "\"status\": \"ok|fail|skip\", \"detail\", \"duration_ms\"}]}.";
    }
    // It opens the database itself, so that a failure to connect is a check, not an error.
    Needs needs() const override { return Needs::config; }

    void define_options(po::options_description& options) override {
        options.add_options()("output",
                              po::value(&output_)->default_value("text")->value_name("text|json"),
                              "how to show the result");
    }
    void validate_options() override { format_ = parse_output_format(output_); }

    int run(Context& context) override {
        DoctorReport report;
        return run_reporting(
            context, format_,
            [&] {
                report = run_checks(context);
                if (format_ == OutputFormat::text) {
                    write_report_text(context.out(), report);
                }
                return report.ok() ? 0 : to_int(ExitStatus::work_failed);
            },
            [&] { return report_json(report); });
    }

  private:
    std::string output_;
    OutputFormat format_ = OutputFormat::text;
};

}  // namespace

std::unique_ptr<Command> make_doctor_command() {
    return std::make_unique<DoctorCommand>();
}

}  // namespace deckhand::doctor
