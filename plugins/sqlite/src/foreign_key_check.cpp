// PRAGMA foreign_key_check, read through its table-valued form so that each row also names the
// foreign key's columns.
#include "foreign_key_check.hpp"

#include <algorithm>
#include <iterator>
#include <string_view>

namespace deckhand::sqlite {
namespace {

// Enough to find the rows in a sentence; the rest are counted.
constexpr std::size_t violations_named = 10;

std::string text_of(const db::FieldView& field) {
    return field ? std::string(*field) : std::string();
}

}  // namespace

std::vector<ForeignKeyViolation> foreign_key_violations(db::Connection& connection) {
    static const std::string sql =
        "SELECT c.\"table\", c.rowid, c.parent, (SELECT group_concat(l.\"from\", ', ') FROM "
        "pragma_foreign_key_list(c.\"table\") AS l WHERE l.id = c.fkid) FROM "
        "pragma_foreign_key_check AS c";
    std::vector<ForeignKeyViolation> violations;
    connection.query_each(sql, {}, [&](db::RowView row) {
        ForeignKeyViolation violation;
        violation.table = text_of(row[0]);
        if (row[1]) {
            violation.rowid = std::stoll(std::string(*row[1]));
        }
        violation.parent = text_of(row[2]);
        violation.columns = text_of(row[3]);
        violations.push_back(std::move(violation));
    });
    std::sort(violations.begin(), violations.end());
    return violations;
}

std::vector<ForeignKeyViolation> added_violations(const std::vector<ForeignKeyViolation>& before,
                                                  const std::vector<ForeignKeyViolation>& after) {
    std::vector<ForeignKeyViolation> added;
    std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                        std::back_inserter(added));
    return added;
}

std::string describe_violations(const std::vector<ForeignKeyViolation>& violations) {
    std::string out;
    for (std::size_t i = 0; i < violations.size() && i < violations_named; ++i) {
        const auto& violation = violations[i];
        if (i > 0) {
            out += "; ";
        }
        out += violation.rowid ? "row " + std::to_string(*violation.rowid) + " of " : "a row of ";
        out += violation.table;
        if (!violation.columns.empty()) {
            out += " (" + violation.columns + ")";
        }
        out += " has no match in " + violation.parent;
    }
    if (violations.size() > violations_named) {
        const std::size_t rest = violations.size() - violations_named;
        out += "; and " + std::to_string(rest) + (rest == 1 ? " more row" : " more rows");
    }
    return out;
}

}  // namespace deckhand::sqlite
