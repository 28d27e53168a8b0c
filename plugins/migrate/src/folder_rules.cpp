// The folders of a migrations folder, as migrate reads them.
#include "deckhand/migrate/folder_rules.hpp"

namespace deckhand::migrate {

script::FolderRules folder_rules(const std::string& dialect,
                                 const std::vector<std::string>& dialects) {
    script::FolderRules rules;
    rules.dialect = dialect;
    for (const auto& other : dialects) {
        if (other != dialect) {
            rules.other_dialects.push_back(other);
        }
    }
    rules.post_folder = "post";
    rules.not_migrations = {"seed"};  // `deckhand seed` reads it
    return rules;
}

}  // namespace deckhand::migrate
