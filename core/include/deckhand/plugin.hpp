// The plugin SDK's entry: the descriptor a plugin exports through Boost.DLL, and the macros
// that export it. Everything is placed in the "deckhand" section of the library, so that the
// host can read what a file is, which API and ABI it was built for and what it offers from
// disk (boost::dll::library_info) before running any of its code.
//
//   void register_my_plugin(deckhand::Registry& registry) { registry.add_command(...); }
//   DECKHAND_PLUGIN("my-plugin", "1.0.0", register_my_plugin)
//   DECKHAND_PLUGIN_COMMAND(my_command)     // offers the command "my-command"
//   DECKHAND_PLUGIN_DATABASE_DRIVER(mysql, mysql)  // a driver for mysql:// URLs, dialect mysql
//   DECKHAND_PLUGIN_SERVICE(migrations)     // offers a service (deckhand/service.hpp)
#pragma once

#include <boost/config.hpp>
#include <boost/dll/alias.hpp>
#include <boost/version.hpp>
#include <cstdint>
#include <string>

#include "deckhand/registry.hpp"

namespace deckhand {

// The major changes when a plugin built against the old SDK would misbehave; the minor when
// the SDK only grew. A host runs plugins of its major whose minor is not newer than its own.
inline constexpr std::uint32_t plugin_api_major = 1;
// 1.1: db::Connection::query_each. 1.2: db::Connection::copy_from_stdin and the migration
// script steps; script::ScriptLexer, copy_data, find_meta_command, refuse_psql_only_syntax,
// run_statement; migration folders of every kind (script::ScriptKind's baseline, undo and
// callback, MigrationSet's new lists, Migration::no_transaction), transaction_needs.hpp,
// problem_list.hpp; Config::history_table; db::TransientConnectionError and
// ConnectionError::transient(), Context::open_database_once(), Config::wait_for_database,
// deckhand/backoff.hpp. 1.3: deckhand/json_report.hpp, deckhand/log_event.hpp,
// Context::redact(), db::Connection::query_typed() and db::ColumnType. 1.4:
// deckhand/run_command.hpp (a command runs another plugin's command by name); services
// (deckhand/service.hpp: Registry::add_service, Context::find_service, DECKHAND_PLUGIN_SERVICE),
// deckhand/migrations_service.hpp, Registry::add_check_at and CheckStage,
// deckhand/script/script_transaction.hpp; db::OpenMode, db::ConnectOptions::mode,
// db::MissingDatabase, OpenRequest and Context::open_database_with(). 1.5: drivers own their
// URLs and dialects: db::Driver, Registry::add_database_driver, DECKHAND_PLUGIN_DATABASE_DRIVER;
// Context::database_url(), dialect() and dialects(); script::FolderRules and the
// load_migrations that takes them, MigrationsService::folder_rules, migrations_folder_rules and
// read_migrations_folder; DatabaseUrl::origin, decode_url_part, refuse_database_url. The core no
// longer parses libpq's parameters: DatabaseUrl::in_memory and parameters stay (for the layout)
// but are no longer filled, and conninfo() and parameter() are gone (a plugin of 1.4 that calls
// them is refused by name when it loads: undefined symbol). 1.6: db::Connection::query_batch,
// db::BatchQuery and db::AfterBatch.
inline constexpr std::uint32_t plugin_api_minor = 6;

struct PluginDescriptor {
    std::uint32_t api_major;
    std::uint32_t api_minor;
    const char* abi_tag;  // compiler, standard library, C++ standard, Boost: must equal the host's
    const char* name;
    const char* version;
    void (*register_plugin)(Registry& registry);
};

// Names of the section and symbols, shared by the macros below and the host's loader.
inline constexpr const char* plugin_section = "deckhand";
inline constexpr const char* plugin_descriptor_symbol = "deckhand_plugin";
inline constexpr const char* plugin_api_symbol_prefix = "deckhand_api_";
inline constexpr const char* plugin_abi_symbol_prefix = "deckhand_abi_";
inline constexpr const char* plugin_command_symbol_prefix = "deckhand_command_";
inline constexpr const char* plugin_driver_symbol_prefix = "deckhand_driver_";
// deckhand_dialect_<scheme>__<dialect>: the dialect of the driver for <scheme> (since 1.5).
inline constexpr const char* plugin_dialect_symbol_prefix = "deckhand_dialect_";
inline constexpr const char* plugin_dialect_symbol_separator = "__";
inline constexpr const char* plugin_service_symbol_prefix = "deckhand_service_";
inline constexpr const char* plugin_dynamic_commands_symbol = "deckhand_dynamic_commands";

}  // namespace deckhand

#define DECKHAND_PP_CAT_(a, b) a##b
#define DECKHAND_PP_CAT(a, b) DECKHAND_PP_CAT_(a, b)
#define DECKHAND_PP_STR_(a) #a
#define DECKHAND_PP_STR(a) DECKHAND_PP_STR_(a)

#if defined(__clang__)
#define DECKHAND_COMPILER_ID DECKHAND_PP_CAT(clang, __clang_major__)
#elif defined(__GNUC__)
#define DECKHAND_COMPILER_ID DECKHAND_PP_CAT(gcc, __GNUC__)
#else
#error "deckhand plugins are built with GCC or Clang"
#endif

#if defined(_GLIBCXX_RELEASE)
#define DECKHAND_STDLIB_ID                                     \
    DECKHAND_PP_CAT(DECKHAND_PP_CAT(stdcxx, _GLIBCXX_RELEASE), \
                    DECKHAND_PP_CAT(abi, _GLIBCXX_USE_CXX11_ABI))
#else
#define DECKHAND_STDLIB_ID libcxx
#endif

// e.g. deckhand_abi_gcc12_stdcxx12abi1_cxx202002L_boost107400
#define DECKHAND_ABI_SYMBOL                                                                   \
    DECKHAND_PP_CAT(                                                                          \
        DECKHAND_PP_CAT(DECKHAND_PP_CAT(DECKHAND_PP_CAT(deckhand_abi_, DECKHAND_COMPILER_ID), \
                                        DECKHAND_PP_CAT(_, DECKHAND_STDLIB_ID)),              \
                        DECKHAND_PP_CAT(_cxx, __cplusplus)),                                  \
        DECKHAND_PP_CAT(_boost, BOOST_VERSION))
#define DECKHAND_ABI_TAG DECKHAND_PP_STR(DECKHAND_ABI_SYMBOL)

// deckhand_api_<major>_<minor>: keep in step with plugin_api_major/minor above.
#define DECKHAND_API_SYMBOL deckhand_api_1_6

#define DECKHAND_PLUGIN(NAME, VERSION, REGISTER_FUNCTION)                                        \
    namespace {                                                                                  \
    const ::deckhand::PluginDescriptor deckhand_plugin_descriptor_{::deckhand::plugin_api_major, \
                                                                   ::deckhand::plugin_api_minor, \
                                                                   DECKHAND_ABI_TAG,             \
                                                                   NAME,                         \
                                                                   VERSION,                      \
                                                                   &(REGISTER_FUNCTION)};        \
    }                                                                                            \
    BOOST_DLL_ALIAS_SECTIONED(deckhand_plugin_descriptor_, deckhand_plugin, deckhand)            \
    BOOST_DLL_ALIAS_SECTIONED(deckhand_plugin_descriptor_, DECKHAND_API_SYMBOL, deckhand)        \
    BOOST_DLL_ALIAS_SECTIONED(deckhand_plugin_descriptor_, DECKHAND_ABI_SYMBOL, deckhand)

// Offers a command; write its name with '_' for '-' (wait_for_job for "wait-for-job").
#define DECKHAND_PLUGIN_COMMAND(NAME)                      \
    BOOST_DLL_ALIAS_SECTIONED(deckhand_plugin_descriptor_, \
                              DECKHAND_PP_CAT(deckhand_command_, NAME), deckhand)

// Offers a database driver for URLs of scheme NAME, registered with Registry::add_driver (plugin
// API 1.4 and older: its dialect is known only from its connections).
#define DECKHAND_PLUGIN_DRIVER(NAME)                       \
    BOOST_DLL_ALIAS_SECTIONED(deckhand_plugin_descriptor_, \
                              DECKHAND_PP_CAT(deckhand_driver_, NAME), deckhand)

// Since plugin API 1.5: offers a database driver for URLs of scheme SCHEME whose dialect is
// DIALECT, registered with Registry::add_database_driver. The dialect is written into the plugin
// file, so that the host knows it (and reads the migrations folder for it) before it loads the
// plugin or connects.
#define DECKHAND_PLUGIN_DATABASE_DRIVER(SCHEME, DIALECT)                                           \
    DECKHAND_PLUGIN_DRIVER(SCHEME)                                                                 \
    BOOST_DLL_ALIAS_SECTIONED(                                                                     \
        deckhand_plugin_descriptor_,                                                               \
        DECKHAND_PP_CAT(DECKHAND_PP_CAT(DECKHAND_PP_CAT(deckhand_dialect_, SCHEME), __), DIALECT), \
        deckhand)

// Says that the plugin's commands are only known at run time (read from files), so the host
// loads it when asked for a command that no plugin offers by name.
#define DECKHAND_PLUGIN_DYNAMIC_COMMANDS() \
    BOOST_DLL_ALIAS_SECTIONED(deckhand_plugin_descriptor_, deckhand_dynamic_commands, deckhand)
