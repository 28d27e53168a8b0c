// What the folder loader recognises beyond V and R scripts: Flyway's baseline, undo and callback
// scripts and its per-script .conf files, golang-migrate's and dbmate's naming, one convention
// per folder; every problem reported at once; scripts kept byte for byte; and statements that
// cannot run in a transaction.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include "deckhand/errors.hpp"
#include "deckhand/script/checksum.hpp"
#include "deckhand/script/migration_set.hpp"
#include "folder_helpers.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::script {
namespace {

using deckhand::test::TempDir;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// --- every problem at once --------------------------------------------------------------------

TEST(FolderProblems, AreAllNamedOnePerLineInAFixedOrder) {
    TempDir dir;
    dir.write("V1__ok.sql", "SELECT 1;");
    dir.write("V2-bad.sql", "SELECT 1;");
    dir.write("V3__a.sql", "SELECT 1;");
    dir.write("sqlite/V3.0__b.sql", "SELECT 1;");
    dir.write("V4__typo.sql", "-- deckhand:no-transactoin\nSELECT 1;");
    dir.write("V5__mixed.sql", "CREATE TABLE t (x int);\nVACUUM;\n");
    std::filesystem::create_symlink(dir / "missing.sql", dir / "V6__dangling.sql");
    dir.write("V7__x.sql.conf", "executeInTransaction=maybe\n");
    dir.write("V7__x.sql", "SELECT 1;");
    const std::string root = dir.path().generic_string();
    const auto message = load_error(dir);
    std::vector<std::string> lines;
    for (std::size_t start = 0; start <= message.size();) {
        auto end = message.find('\n', start);
        lines.push_back(message.substr(start, end - start));
        start = end == std::string::npos ? message.size() + 1 : end + 1;
    }
    ASSERT_EQ(lines.size(), 7u) << message;
    EXPECT_EQ(lines[0], "the migrations folder " + root + " has 6 problems; nothing was run:");
    EXPECT_THAT(lines[1], StartsWith("  " + root + "/V2-bad.sql: the version is not followed"));
    EXPECT_THAT(lines[2], StartsWith("  " + root + "/V3__a.sql and " + root +
                                     "/sqlite/V3.0__b.sql have the same version"));
    EXPECT_THAT(lines[3], StartsWith("  " + root + "/V4__typo.sql:1: unknown directive"));
    EXPECT_THAT(lines[4], StartsWith("  " + root +
                                     "/V5__mixed.sql:2: VACUUM cannot run inside a "
                                     "transaction"));
    EXPECT_THAT(lines[5], StartsWith("  " + root + "/V6__dangling.sql cannot be read"));
    EXPECT_THAT(lines[6], StartsWith("  " + root +
                                     "/V7__x.sql.conf:1: executeInTransaction is "
                                     "true or false"));
    // The same folder always gives the same message.
    EXPECT_EQ(load_error(dir), message);
}

TEST(FolderProblems, NameAScreenfulAndCountTheRest) {
    TempDir dir;
    for (int i = 0; i < 45; ++i) {
        dir.write("V" + std::to_string(i) + "-bad.sql", "SELECT 1;");
    }
    const auto message = load_error(dir);
    EXPECT_THAT(message, StartsWith("the migrations folder " + dir.path().generic_string() +
                                    " has 45 problems"));
    EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 21);
    EXPECT_THAT(message, ::testing::EndsWith("\n  ... and 25 more problems"));
}

TEST(FolderProblems, ASingleProblemIsItsOwnSentence) {
    TempDir dir;
    dir.write("V1__a.sql", "SELECT 1;");
    dir.write("V2-bad.sql", "SELECT 1;");
    EXPECT_THAT(load_error(dir), StartsWith((dir / "V2-bad.sql").generic_string() + ": "));
}

// --- byte for byte ------------------------------------------------------------------------------

TEST(ScriptBytes, AreKeptAsWrittenWhileTheChecksumIgnoresLineEnds) {
    TempDir lf;
    TempDir crlf;
    const std::string body_lf =
        "CREATE FUNCTION f() RETURNS text AS $$\nSELECT 'a\nb'\n$$ LANGUAGE sql;\n";
    std::string body_crlf;
    for (char c : body_lf) {
        body_crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    }
    lf.write("V1__f.sql", body_lf);
    crlf.write("V1__f.sql", body_crlf);
    crlf.write("V2__bom.sql",
               "\xEF\xBB\xBF"
               "SELECT 1;\r\n");
    const auto a = load_migrations(lf.path(), "postgres");
    const auto b = load_migrations(crlf.path(), "postgres");
    EXPECT_EQ(a.versioned[0].text, body_lf);
    EXPECT_EQ(b.versioned[0].text, body_crlf);  // sent as written: the function body keeps CRLF
    EXPECT_EQ(a.versioned[0].checksum, b.versioned[0].checksum);
    // A byte-order mark is not SQL (psql drops it too); it changes no checksum.
    EXPECT_EQ(b.versioned[1].text, "SELECT 1;\r\n");
    EXPECT_EQ(b.versioned[1].checksum,
              "17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a");
}

TEST(ScriptBytes, LeaveTheChecksumsOfAppliedLfScriptsAsTheyWere) {
    // sha256 of the bytes, as every earlier deckhand computed it for these LF files.
    TempDir dir;
    dir.write("V1__a.sql", "CREATE TABLE a (x int);\n\n");
    dir.write("V2__b.sql", "SELECT 1;");
    const auto set = load_migrations(dir.path(), "sqlite", ScriptTexts::drop);
    EXPECT_EQ(set.versioned[0].checksum,
              "7d07418dd6e81578e9226978cba7b3c356efcc91fd7c9e06cf1b8f1cc4ce5f35");
    EXPECT_EQ(set.versioned[1].checksum,
              "17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a");
}

// --- statements that cannot run in a transaction ----------------------------------------------

TEST(NoTransactionStatements, AScriptOfOnlySuchStatementsRunsOutsideATransaction) {
    TempDir dir;
    dir.write("V1__index.sql",
              "-- CONCURRENTLY keeps the table writable\n"
              "CREATE INDEX CONCURRENTLY i ON t (x);\nDROP INDEX CONCURRENTLY old_i;\n");
    dir.write("V2__plain.sql", "CREATE INDEX j ON t (y); -- not CONCURRENTLY\n");
    dir.write("V3__vacuum.sql", "VACUUM ANALYZE t;\n");
    for (const auto texts : {ScriptTexts::keep, ScriptTexts::drop}) {
        const auto set = load_migrations(dir.path(), "postgres", texts);
        EXPECT_FALSE(set.versioned[0].transactional);
        EXPECT_EQ(set.versioned[0].no_transaction, NoTransaction::statements);
        EXPECT_TRUE(set.versioned[1].transactional);
        EXPECT_FALSE(set.versioned[2].transactional);
    }
    // On SQLite, VACUUM too; CONCURRENTLY means nothing there.
    TempDir sqlite;
    sqlite.write("V1__vacuum.sql", "vacuum;");
    sqlite.write("V2__wal.sql", "PRAGMA journal_mode = WAL;");
    const auto set = load_migrations(sqlite.path(), "sqlite");
    EXPECT_FALSE(set.versioned[0].transactional);
    EXPECT_FALSE(set.versioned[1].transactional);
}

TEST(NoTransactionStatements, AMixtureIsRefusedNamingFileLineAndTheWaysOut) {
    TempDir dir;
    dir.write("V1__mixed.sql",
              "CREATE TABLE t (x int);\n\n"
              "CREATE INDEX CONCURRENTLY i ON t (x);\n");
    EXPECT_EQ(load_error(dir, "postgres"),
              (dir / "V1__mixed.sql").generic_string() +
                  ":3: CREATE INDEX CONCURRENTLY cannot run inside a transaction, and the script's "
                  "other statements (line 1) run in one; split the script in two, or start it "
                  "with -- deckhand:no-transaction to run every statement on its own");
    // The directive is the way out.
    dir.write("V1__mixed.sql",
              "-- deckhand:no-transaction\nCREATE TABLE t (x int);\n"
              "CREATE INDEX CONCURRENTLY i ON t (x);\n");
    EXPECT_EQ(load_migrations(dir.path(), "postgres").versioned[0].no_transaction,
              NoTransaction::directive);
}

TEST(NoTransactionStatements, AnEnumValueUsedInTheScriptThatAddsItIsRefused) {
    TempDir dir;
    dir.write("V1__add_only.sql", "ALTER TYPE mood ADD VALUE 'ok';\n");
    dir.write("V2__add_and_use.sql",
              "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'sad';\n"
              "ALTER TYPE mood ADD VALUE 'sadder' AFTER 'sad';\n"
              "UPDATE people SET mood = 'sad' WHERE id = 1;\n");
    const auto message = load_error(dir, "postgres");
    EXPECT_THAT(message, StartsWith((dir / "V2__add_and_use.sql").generic_string() +
                                    ":1: the value that ALTER TYPE ... ADD VALUE adds here cannot "
                                    "be used in the same transaction, and line 3 uses it"));
    dir.write("V2__add_and_use.sql", "ALTER TYPE mood ADD VALUE 'sad';\n");
    const auto set = load_migrations(dir.path(), "postgres");
    EXPECT_TRUE(set.versioned[0].transactional);  // PostgreSQL 12+ allows ADD VALUE in one
    EXPECT_TRUE(set.versioned[1].transactional);
}

TEST(NoTransactionStatements, WordsInCommentsAndStringsCountForNothing) {
    TempDir dir;
    dir.write("V1__x.sql",
              "-- VACUUM later\n/* CREATE INDEX CONCURRENTLY */\n"
              "INSERT INTO notes VALUES ('VACUUM; ALTER SYSTEM SET x = 1');\n");
    EXPECT_TRUE(load_migrations(dir.path(), "postgres").versioned[0].transactional);
}

// --- Flyway's other kinds
// -------------------------------------------------------------------------

TEST(FlywayKinds, BaselineUndoAndCallbackScriptsAreRecognised) {
    TempDir dir;
    dir.write("V1__a.sql", "SELECT 1;");
    dir.write("V2__b.sql", "SELECT 2;");
    dir.write("B2__schema.sql", "SELECT 'b2';");
    dir.write("B1__schema.sql", "SELECT 'b1';");
    dir.write("U2__undo_b.sql", "SELECT 'u2';");
    dir.write("afterMigrate__b_grants.sql", "SELECT 'grants';");
    dir.write("afterMigrate.sql", "SELECT 'analyze';");
    dir.write("postgres/afterMigrate__a.sql", "SELECT 'pg';");
    dir.write("beforeMigrate.sql", "SELECT 'before';");
    dir.write("beforeValidate.sql", "SELECT 'never';");
    const auto set = load_migrations(dir.path(), "postgres");
    EXPECT_EQ(scripts(set.versioned), (std::vector<std::string>{"V1__a.sql", "V2__b.sql"}));
    EXPECT_EQ(scripts(set.baselines),
              (std::vector<std::string>{"B1__schema.sql", "B2__schema.sql"}));
    EXPECT_EQ(set.baselines[1].kind, ScriptKind::baseline);
    EXPECT_EQ(set.baselines[1].text, "SELECT 'b2';");
    EXPECT_EQ(scripts(set.undos), (std::vector<std::string>{"U2__undo_b.sql"}));
    EXPECT_EQ(
        scripts(set.callbacks),
        (std::vector<std::string>{"beforeMigrate.sql", "afterMigrate.sql",
                                  "postgres/afterMigrate__a.sql", "afterMigrate__b_grants.sql"}));
    ASSERT_EQ(set.callbacks_for(CallbackEvent::after_migrate).size(), 3u);
    EXPECT_EQ(set.callbacks_for(CallbackEvent::after_migrate)[2]->description, "b grants");
    ASSERT_EQ(set.warnings.size(), 1u);
    EXPECT_THAT(set.warnings[0],
                HasSubstr("ignoring " + (dir / "beforeValidate.sql").generic_string()));
    EXPECT_EQ(set.convention, Convention::flyway);
}

TEST(FlywayKinds, RefusesABaselineScriptUnderPostAndDuplicateBaselines) {
    TempDir dir;
    dir.write("post/B3__x.sql", "SELECT 1;");
    dir.write("B4__x.sql", "SELECT 1;");
    dir.write("B4.0__y.sql", "SELECT 1;");
    const auto message = load_error(dir);
    EXPECT_THAT(message,
                HasSubstr("post/B3__x.sql: a baseline script stands for the whole schema"));
    EXPECT_THAT(message, HasSubstr("have the same version 4"));
}

TEST(FlywayKinds, ConfFilesSetExecuteInTransaction) {
    TempDir dir;
    dir.write("V1__index.sql", "CREATE INDEX i ON t (x);");
    dir.write("V1__index.sql.conf",
              "# Flyway's per-script settings\r\nexecuteInTransaction = false\r\n");
    dir.write("V2__vacuum.sql", "VACUUM;");
    dir.write("V2__vacuum.sql.conf", "encoding=UTF-8\nexecuteInTransaction=true\n");
    const auto set = load_migrations(dir.path(), "postgres");
    EXPECT_FALSE(set.versioned[0].transactional);
    EXPECT_EQ(set.versioned[0].no_transaction, NoTransaction::config);
    // An explicit true wins over detection (a way out of a wrong guess).
    EXPECT_TRUE(set.versioned[1].transactional);
}

TEST(FlywayKinds, ConfFilesWithUnknownKeysOrNoScriptAreRefused) {
    TempDir dir;
    dir.write("V1__a.sql", "SELECT 1;");
    dir.write("V1__a.sql.conf", "executeInTransaction=false\nshouldExecute=true\n");
    dir.write("V9__gone.sql.conf", "executeInTransaction=false\n");
    dir.write("V2__both.sql", "-- deckhand:no-transaction\nSELECT 1;");
    dir.write("V2__both.sql.conf", "executeInTransaction=true\n");
    const auto message = load_error(dir);
    EXPECT_THAT(message, HasSubstr((dir / "V2__both.sql.conf").generic_string() +
                                   ": executeInTransaction=true contradicts the script's -- "
                                   "deckhand:no-transaction"));
    EXPECT_THAT(message, HasSubstr((dir / "V1__a.sql.conf").generic_string() +
                                   ":2: unknown key 'shouldExecute'"));
    EXPECT_THAT(message, HasSubstr((dir / "V9__gone.sql.conf").generic_string() +
                                   " configures V9__gone.sql, which is not in its folder"));
}

// --- golang-migrate and dbmate ------------------------------------------------------------------

TEST(OtherTools, GolangMigrateUpFilesRunAndDownFilesAreListed) {
    TempDir dir;
    dir.write("000001_create_users.up.sql", "CREATE TABLE users (id int);");
    dir.write("000001_create_users.down.sql", "DROP TABLE users;");
    dir.write("20230101120000_add_email.up.sql", "ALTER TABLE users ADD email text;");
    dir.write("20230101120000_add_email.down.sql", "ALTER TABLE users DROP email;");
    dir.write("2_second.up.sql", "SELECT 2;");
    const auto set = load_migrations(dir.path(), "sqlite");
    EXPECT_EQ(set.convention, Convention::golang_migrate);
    EXPECT_EQ(scripts(set.versioned),
              (std::vector<std::string>{"000001_create_users.up.sql", "2_second.up.sql",
                                        "20230101120000_add_email.up.sql"}));
    EXPECT_EQ(scripts(set.undos), (std::vector<std::string>{"000001_create_users.down.sql",
                                                            "20230101120000_add_email.down.sql"}));
    EXPECT_EQ(set.undos[0].text, "");  // never run: not even read
}

TEST(OtherTools, DbmateFilesRunOnlyTheirUpSection) {
    TempDir dir;
    const std::string file =
        "-- a comment dbmate allows\n"
        "-- migrate:up\r\n"
        "CREATE TABLE users (id int);\n"
        "-- migrate:down\n"
        "DROP TABLE users;\n";
    dir.write("20151129054053_create_users.sql", file);
    dir.write("20151129054054_index.sql",
              "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON users (id);\n"
              "-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY i;\n");
    const auto set = load_migrations(dir.path(), "postgres");
    EXPECT_EQ(set.convention, Convention::dbmate);
    ASSERT_EQ(set.versioned.size(), 2u);
    EXPECT_EQ(set.versioned[0].text, file.substr(0, file.find("-- migrate:down")));
    EXPECT_EQ(set.versioned[0].description, "create users");
    EXPECT_TRUE(set.versioned[0].transactional);
    EXPECT_FALSE(set.versioned[1].transactional);
    EXPECT_EQ(set.versioned[1].no_transaction, NoTransaction::dbmate);
    // Editing the down section changes nothing that runs: the checksum is the up section's.
    const std::string checksum = set.versioned[0].checksum;
    dir.write("20151129054053_create_users.sql", file + "-- more undo\n");
    EXPECT_EQ(load_migrations(dir.path(), "postgres").versioned[0].checksum, checksum);
}

TEST(OtherTools, MalformedDbmateFilesAreRefusedAsDbmateRefusesThem) {
    TempDir dir;
    dir.write("1_no_up.sql", "CREATE TABLE t (x int);\n");
    dir.write("2_down_first.sql", "-- migrate:down\nDROP TABLE t;\n-- migrate:up\nSELECT 1;\n");
    dir.write("3_before.sql", "CREATE TABLE u (x int);\n-- migrate:up\nSELECT 1;\n");
    dir.write("4_option.sql", "-- migrate:up transacton:false\nSELECT 1;\n");
    dir.write("5_fine.sql", "-- migrate:up\n-- migrate:down\n");
    const auto message = load_error(dir);
    EXPECT_THAT(message, HasSubstr("has 4 problems"));
    EXPECT_THAT(message, HasSubstr("1_no_up.sql: a dbmate migration starts its SQL with a '-- "
                                   "migrate:up' line"));
    EXPECT_THAT(message, HasSubstr("2_down_first.sql:1: '-- migrate:down' comes before"));
    EXPECT_THAT(message, HasSubstr("3_before.sql:2: statements come before '-- migrate:up'"));
    EXPECT_THAT(message, HasSubstr("4_option.sql:1: unknown option 'transacton:false'"));
}

// A dbmate file renamed V1__x.sql would run its down section too: refused, naming the line.
TEST(OtherTools, ADownSectionInAFileOfAnotherConventionIsRefused) {
    TempDir dir;
    dir.write("V1__renamed.sql",
              "-- migrate:up\nCREATE TABLE t (x int);\n-- migrate:down\nDROP TABLE t;\n");
    EXPECT_THAT(load_error(dir),
                StartsWith((dir / "V1__renamed.sql").generic_string() +
                           ":3: '-- migrate:down' starts dbmate's undo section, but this file is "
                           "named the Flyway way, which runs the whole file, undo included"));
    // Mentioned in a string or a body, or not at a line's start, it is no marker.
    dir.write("V1__renamed.sql", "SELECT '\n-- migrate:down\n';\nSELECT 1; -- migrate:down\n");
    EXPECT_EQ(load_error(dir), "(no error)");
}

// golang-migrate runs a file without a transaction, so its users wrap the body in BEGIN; ...
// COMMIT;: the pair is blanked out (lines kept) and the body runs in deckhand's transaction.
TEST(OtherTools, ABeginCommitPairWrappingAGolangMigrateFileIsTakenOut) {
    TempDir dir;
    const std::string file =
        "-- users\nBEGIN;\n\nCREATE TABLE users (id int);\nCREATE INDEX i ON users (id);\n"
        "COMMIT;\n";
    dir.write("1_users.up.sql", file);
    dir.write("1_users.down.sql", "BEGIN;\nDROP TABLE users;\nCOMMIT;\n");
    dir.write("2_crlf.up.sql", "START TRANSACTION ;\r\nSELECT 1;\r\nEND -- done; really\r\n;\r\n");
    dir.write("3_plain.up.sql", "SELECT 'BEGIN;';\n");
    const auto set = load_migrations(dir.path(), "postgres");
    ASSERT_EQ(set.versioned.size(), 3u);
    EXPECT_EQ(set.versioned[0].text,
              "-- users\n      \n\nCREATE TABLE users (id int);\nCREATE INDEX i ON users "
              "(id);\n       \n");
    EXPECT_TRUE(set.versioned[0].transactional);
    EXPECT_EQ(set.versioned[1].text,
              std::string(19, ' ') + "\r\nSELECT 1;\r\n" + std::string(19, ' ') + "\r\n \r\n");
    EXPECT_EQ(set.versioned[2].text, "SELECT 'BEGIN;';\n");
    // The checksum is the file's as written: taking the pair out is not a change of the file.
    dir.write("1_users.up.sql",
              "-- users\n\n\nCREATE TABLE users (id int);\nCREATE INDEX i ON "
              "users (id);\n\n");
    EXPECT_NE(load_migrations(dir.path(), "postgres").versioned[0].checksum,
              set.versioned[0].checksum);
}

TEST(OtherTools, OnlyAPairThatWrapsTheWholeFileIsTakenOut) {
    TempDir dir;
    // Something after COMMIT, something before BEGIN, a second pair: all left as written, for
    // migrate to refuse with the line of the transaction control.
    const std::vector<std::string> files{
        "BEGIN;\nSELECT 1;\nCOMMIT;\nSELECT 2;\n",
        "SELECT 0;\nBEGIN;\nSELECT 1;\nCOMMIT;\n",
        "BEGIN;\nSELECT 1;\nCOMMIT;\nBEGIN;\nSELECT 2;\nCOMMIT;\n",
        "BEGIN;\nSELECT 1;\nROLLBACK;\n",
    };
    for (std::size_t i = 0; i < files.size(); ++i) {
        dir.write(std::to_string(i + 1) + "_x.up.sql", files[i]);
    }
    const auto set = load_migrations(dir.path(), "postgres");
    ASSERT_EQ(set.versioned.size(), files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        EXPECT_EQ(set.versioned[i].text, files[i]);
    }
}

TEST(OtherTools, ABeginCommitPairIsTakenOutOfDbmateUpSectionsAndSqliteRebuilds) {
    TempDir dir;
    dir.write("20240101000000_users.sql",
              "-- migrate:up\nBEGIN;\nCREATE TABLE users (id int);\nCOMMIT;\n\n"
              "-- migrate:down\nBEGIN;\nDROP TABLE users;\nCOMMIT;\n");
    // Outside a transaction (transaction:false) the file runs as written, pair included.
    dir.write("20240102000000_raw.sql",
              "-- migrate:up transaction:false\nBEGIN;\nSELECT 1;\nCOMMIT;\n");
    auto set = load_migrations(dir.path(), "sqlite");
    ASSERT_EQ(set.versioned.size(), 2u);
    EXPECT_EQ(set.versioned[0].text,
              "-- migrate:up\n      \nCREATE TABLE users (id int);\n       \n\n");
    EXPECT_EQ(set.versioned[1].text,
              "-- migrate:up transaction:false\nBEGIN;\nSELECT 1;\nCOMMIT;\n");

    // SQLite's twelve steps set foreign_keys outside their transaction.
    TempDir golang;
    golang.write("1_rebuild.up.sql",
                 "PRAGMA foreign_keys=off;\nBEGIN TRANSACTION;\nALTER TABLE t RENAME TO u;\n"
                 "COMMIT;\nPRAGMA foreign_keys=on;\n");
    set = load_migrations(golang.path(), "sqlite");
    EXPECT_EQ(set.versioned[0].text,
              "PRAGMA foreign_keys=off;\n                  \nALTER TABLE t RENAME TO u;\n"
              "       \nPRAGMA foreign_keys=on;\n");
    // Not on PostgreSQL, which has no such pragma, nor in a Flyway folder.
    EXPECT_EQ(load_migrations(golang.path(), "postgres").versioned[0].text.substr(0, 25),
              "PRAGMA foreign_keys=off;\n");
    TempDir flyway;
    flyway.write("V1__wrapped.sql", "BEGIN;\nSELECT 1;\nCOMMIT;\n");
    EXPECT_EQ(load_migrations(flyway.path(), "postgres").versioned[0].text,
              "BEGIN;\nSELECT 1;\nCOMMIT;\n");
}

TEST(OtherTools, OneFolderHoldsOneConvention) {
    TempDir dir;
    dir.write("V1__flyway.sql", "SELECT 1;");
    dir.write("V2__flyway.sql", "SELECT 1;");
    dir.write("sqlite/20230101_dbmate.sql", "-- migrate:up\nSELECT 1;");
    dir.write("3_golang.up.sql", "SELECT 1;");
    const auto message = load_error(dir);
    EXPECT_EQ(message, (dir / "V1__flyway.sql").generic_string() + " is named the Flyway way and " +
                           (dir / "3_golang.up.sql").generic_string() +
                           " the golang-migrate way; a migrations folder follows one convention, "
                           "so rename the files of the other");
}

}  // namespace
}  // namespace deckhand::script
