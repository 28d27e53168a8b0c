// The words of Flyway, dbmate and golang-migrate that users type by habit, and deckhand's answer.
// Words that are already deckhand commands (migrate, validate, baseline, repair, status, new,
// version) never reach this table.
#include "cli/peer_commands.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "cli/did_you_mean.hpp"

namespace deckhand::cli {
namespace {

// A peer word deckhand answers with one of its commands ("did you mean 'status'?"), or, with no
// `command`, a sentence saying what to do instead.
struct PeerWord {
    std::string_view word;
    std::string_view command;     // the deckhand command that does the job, as typed
    std::string_view suggestion;  // for a command: whose word it is; else what to do instead
};

constexpr std::array<PeerWord, 12> peer_words = {{
    {"info", "status", "Flyway's info"},
    {"up", "migrate", "dbmate's and golang-migrate's up"},
    {"create", "new", "golang-migrate's create"},
    {"goto", "migrate --target VERSION", "golang-migrate's goto"},
    {"force", "repair",
     "golang-migrate's force; or 'baseline --version V' to mark versions applied"},
    {"wait", "status --wait",
     "it waits for the migrations; dbmate's wait waits for the database itself, which is "
     "--wait-for-database D"},
    {"down", "",
     "deckhand never undoes a migration (dbmate's and golang-migrate's down): write a new one "
     "that reverses it with 'deckhand new DESCRIPTION'"},
    {"rollback", "",
     "deckhand never undoes a migration (dbmate's rollback): write a new one that reverses it "
     "with 'deckhand new DESCRIPTION'"},
    {"undo", "",
     "deckhand never undoes a migration (Flyway's undo): write a new one that reverses it with "
     "'deckhand new DESCRIPTION'"},
    {"clean", "",
     "deckhand has no clean (Flyway's clean drops every object of the schema); use the "
     "database's own tools if that is really meant"},
    {"drop", "",
     "deckhand never drops the database (dbmate's and golang-migrate's drop); use the "
     "database's own tools if that is really meant"},
    {"dump", "",
     "deckhand has no dump (dbmate's schema dump); use pg_dump --schema-only, or sqlite3's "
     ".schema"},
}};

// The command a suggestion names: its first word.
std::string_view command_word(std::string_view suggestion) {
    return suggestion.substr(0, suggestion.find(' '));
}

bool offered(const std::vector<std::string>& commands, std::string_view name) {
    return std::find(commands.begin(), commands.end(), name) != commands.end();
}

}  // namespace

std::string unknown_command_hint(const std::string& typed,
                                 const std::vector<std::string>& commands) {
    for (const auto& peer : peer_words) {
        if (peer.word != typed) {
            continue;
        }
        if (peer.command.empty()) {
            return "; " + std::string(peer.suggestion);
        }
        if (offered(commands, command_word(peer.command))) {
            return "; did you mean '" + std::string(peer.command) + "'? (" +
                   std::string(peer.suggestion) + ")";
        }
    }
    if (auto suggestion = did_you_mean(typed, commands)) {
        return "; did you mean '" + *suggestion + "'?";
    }
    return "";
}

}  // namespace deckhand::cli
