// doctor's "seed folder parses": the default seed folder (<migrations>/seed) for the dialect of
// the configured URL's driver, every script's directives and statements checked, nothing run.
#include "deckhand/seed/seed_folder_check.hpp"

#include <string>

#include "deckhand/context.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/script/script_file.hpp"
#include "deckhand/seed/seed_set.hpp"

namespace deckhand::seed {
namespace {

class SeedFolderCheck final : public Check {
  public:
    std::string name() const override { return "seed folder parses"; }

    CheckResult run(Context& context) override {
        const Config& config = context.config();
        const auto folder = seed_folder(config.migrations_dir, "");
        try {
            const auto seeds = load_seed_scripts(folder, dialect(context));
            if (!seeds.exists) {
                return {true, "no seed folder at " + script::display_folder(folder)};
            }
            const std::size_t count = seeds.scripts.size();
            return {true, script::display_folder(folder) + ": " + std::to_string(count) +
                              (count == 1 ? " seed script" : " seed scripts")};
        } catch (const Cancelled&) {
            throw;
        } catch (const std::exception& error) {
            return {false, error.what()};
        }
    }

  private:
    // The scripts of seed/<dialect>/ count too: the dialect of the configured URL's driver, if
    // the URL parses (doctor reports a URL that does not on a line of its own).
    static std::string dialect(Context& context) {
        try {
            return context.dialect();
        } catch (const std::exception&) {
            return {};
        }
    }
};

}  // namespace

std::unique_ptr<Check> make_seed_folder_check() {
    return std::make_unique<SeedFolderCheck>();
}

}  // namespace deckhand::seed
