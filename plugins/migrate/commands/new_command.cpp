// `deckhand new DESCRIPTION`: writes the next migration file and prints its path, as dbmate's
// `new`, golang-migrate's `create` and Rails' generators do.
#include "new_command.hpp"

#include "deckhand/context.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/migrate/new_migration.hpp"

namespace deckhand::migrate::cli {
namespace po = boost::program_options;

namespace {

class NewCommand final : public Command {
  public:
    std::string name() const override { return "new"; }
    std::string summary() const override {
        return "Write the next migration file (versioned, or --repeatable) and print its path";
    }
    std::string usage() const override { return "DESCRIPTION..."; }
    std::string description() const override {
        return "The file goes into the migrations folder (--migrations), named as the folder "
               "already names its scripts: V<version>__<description>.sql (Flyway), a "
               "<version>_<description>.up.sql and .down.sql pair (golang-migrate), or "
               "<version>_<description>.sql with -- migrate:up and -- migrate:down sections "
               "(dbmate); an empty folder gets Flyway names. The version is the next integer "
               "after the newest one of the folder, post/ and the dialect folders, zero-padded "
               "as the newest is; with --timestamp, or where the newest is a timestamp, it is "
               "the UTC time (YYYYMMDDhhmmss). The description's words are joined by '_'; "
               "letters, digits, '-' and '_' only, so the name is safe on every file system. "
               "An existing file is never replaced. The file starts with a comment saying what "
               "it is, and with -- deckhand:no-transaction (dbmate: transaction:false) for "
               "--no-transaction.";
    }
    Needs needs() const override { return Needs::config; }

    void define_options(po::options_description& options) override {
        options.add_options()("description",
                              po::value(&words_)->multitoken()->value_name("DESCRIPTION"),
                              "what the migration does, such as 'add users email'")(
            "repeatable", po::bool_switch(&request_.repeatable),
            "write R__<description>.sql, re-applied whenever it changes (Flyway folders)")(
            "dialect", po::value(&request_.dialect)->value_name("postgres|sqlite"),
            "write into that dialect's folder, run on that database only")(
            "post", po::bool_switch(&request_.post),
            "write into post/: a post-deployment script (migrate --phase post)")(
            "no-transaction", po::bool_switch(&request_.no_transaction),
            "mark the script to run outside a transaction (CREATE INDEX CONCURRENTLY, ...)")(
            "timestamp", po::bool_switch(&request_.timestamp),
            "version the file by the UTC time, YYYYMMDDhhmmss, instead of the next integer");
    }
    void define_positionals(po::positional_options_description& positionals) override {
        positionals.add("description", -1);
    }

    void validate_options() override {
        if (words_.empty()) {
            throw UsageError(
                "new needs a DESCRIPTION of the migration, such as "
                "'deckhand new add users email'");
        }
        request_.description.clear();
        for (const auto& word : words_) {
            request_.description += (request_.description.empty() ? "" : " ") + word;
        }
        if (!request_.dialect.empty() && request_.dialect != "postgres" &&
            request_.dialect != "sqlite") {
            throw UsageError("--dialect must be postgres or sqlite, not '" + request_.dialect +
                             "'");
        }
        if (request_.repeatable && request_.timestamp) {
            throw UsageError("--timestamp versions a script; a --repeatable one has no version");
        }
        description_for_file_name(request_.description);  // refused before anything is read
    }

    int run(Context& context) override {
        request_.migrations_dir = context.config().migrations_dir;
        for (const auto& path : create_new_migration(request_)) {
            context.out() << path.string() << "\n";
        }
        return 0;
    }

  private:
    NewMigrationRequest request_;
    std::vector<std::string> words_;
};

}  // namespace

std::unique_ptr<Command> make_new_command() {
    return std::make_unique<NewCommand>();
}

}  // namespace deckhand::migrate::cli
