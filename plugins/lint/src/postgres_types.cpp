// Types and defaults in libpg_query's parse tree (see postgres_types.hpp).
#include "postgres_types.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace deckhand::lint::pg {

using nlohmann::json;

ColumnType column_type(const json& type_name) {
    ColumnType type;
    type.known = true;
    if (auto names = type_name.find("names"); names != type_name.end() && !names->empty()) {
        const auto& last = names->back();
        if (auto string = last.find("String"); string != last.end()) {
            type.name = string->value("sval", "");
        }
    }
    if (auto mods = type_name.find("typmods"); mods != type_name.end()) {
        for (const auto& mod : *mods) {
            const auto constant = mod.find("A_Const");
            if (constant == mod.end()) {
                continue;
            }
            if (auto ival = constant->find("ival"); ival != constant->end()) {
                type.modifiers.push_back(ival->value("ival", 0L));
            }
        }
    }
    type.array = type_name.contains("arrayBounds");
    return type;
}

std::string describe(const ColumnType& type) {
    std::string text = type.name;
    if (!type.modifiers.empty()) {
        text += "(";
        for (std::size_t i = 0; i < type.modifiers.size(); ++i) {
            text += (i == 0 ? "" : ",") + std::to_string(type.modifiers[i]);
        }
        text += ")";
    }
    return type.array ? text + "[]" : text;
}

bool binary_compatible_widening(const ColumnType& from, const ColumnType& to) {
    if (!from.known || from.array != to.array) {
        return false;
    }
    if (from.name == to.name && from.modifiers == to.modifiers) {
        return true;
    }
    const bool from_varchar = from.name == "varchar" || from.name == "bpchar_varchar";
    if (from_varchar && to.name == "text") {
        return true;
    }
    if (from_varchar && to.name == "varchar") {
        return to.modifiers.empty() ||
               (!from.modifiers.empty() && to.modifiers.front() >= from.modifiers.front());
    }
    if (from.name == "text" && to.name == "varchar" && to.modifiers.empty()) {
        return true;
    }
    if (from.name == "numeric" && to.name == "numeric") {
        if (to.modifiers.empty()) {
            return true;
        }
        const long from_scale = from.modifiers.size() > 1 ? from.modifiers[1] : 0;
        const long to_scale = to.modifiers.size() > 1 ? to.modifiers[1] : 0;
        return !from.modifiers.empty() && to.modifiers.front() >= from.modifiers.front() &&
               from_scale == to_scale;
    }
    return false;
}

namespace {

// Functions whose result does not change from row to row within a statement (stable or
// immutable), so that PostgreSQL 11+ evaluates them once for an ADD COLUMN default.
bool non_volatile_function(std::string_view name) {
    static constexpr std::array<std::string_view, 12> known{"now",
                                                            "statement_timestamp",
                                                            "transaction_timestamp",
                                                            "current_date",
                                                            "lower",
                                                            "upper",
                                                            "length",
                                                            "abs",
                                                            "coalesce",
                                                            "make_interval",
                                                            "jsonb_build_object",
                                                            "json_build_object"};
    return std::find(known.begin(), known.end(), name) != known.end();
}

}  // namespace

bool non_volatile_default(const json& expression) {
    if (!expression.is_object() || expression.empty()) {
        return false;
    }
    const auto first = expression.begin();
    const std::string& kind = first.key();
    const json& node = first.value();
    if (kind == "A_Const" || kind == "SQLValueFunction") {
        return true;
    }
    if (kind == "TypeCast") {
        return non_volatile_default(node.value("arg", json::object()));
    }
    if (kind == "A_Expr") {
        const auto left = node.value("lexpr", json::object());
        const auto right = node.value("rexpr", json::object());
        return (left.empty() || non_volatile_default(left)) &&
               (right.empty() || non_volatile_default(right));
    }
    if (kind == "A_ArrayExpr" || kind == "List") {
        const auto elements = node.value(kind == "List" ? "items" : "elements", json::array());
        return std::all_of(elements.begin(), elements.end(),
                           [](const json& element) { return non_volatile_default(element); });
    }
    if (kind == "FuncCall") {
        const auto names = node.value("funcname", json::array());
        if (names.empty()) {
            return false;
        }
        const std::string name = names.back().value("String", json::object()).value("sval", "");
        const auto args = node.value("args", json::array());
        return non_volatile_function(name) &&
               std::all_of(args.begin(), args.end(),
                           [](const json& arg) { return non_volatile_default(arg); });
    }
    return false;
}

}  // namespace deckhand::lint::pg
