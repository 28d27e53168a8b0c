// The commands folder: tasks by file name, plain SQL skipped, bad files refused one by one.
#include "deckhand/tasks/task_folder.hpp"

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

namespace deckhand::tasks {
namespace {

using test::TempDir;

TEST(TaskFolder, AMissingFolderHoldsNoTasks) {
    TempDir dir;
    auto folder = load_task_folder(dir / "commands");
    EXPECT_FALSE(folder.exists);
    EXPECT_TRUE(folder.tasks.empty());
    EXPECT_TRUE(folder.refused.empty());
}

TEST(TaskFolder, TasksComeInFileNameOrderAndPlainSqlIsSkipped) {
    TempDir dir;
    dir.write("commands/b.sql", "-- deckhand:command second\nSELECT 2;\n");
    dir.write("commands/a.sql", "-- deckhand:command first\nSELECT 1;\n");
    dir.write("commands/plain.sql", "SELECT 3;\n");
    dir.write("commands/notes.txt", "-- deckhand:command ignored\n");
    dir.write("commands/.hidden.sql", "-- deckhand:command hidden\nSELECT 4;\n");
    auto folder = load_task_folder(dir / "commands");
    EXPECT_TRUE(folder.exists);
    ASSERT_EQ(folder.tasks.size(), 2u);
    EXPECT_EQ(folder.tasks[0].name, "first");
    EXPECT_EQ(folder.tasks[1].name, "second");
    ASSERT_EQ(folder.skipped.size(), 1u);
    EXPECT_NE(folder.skipped[0].find("plain.sql"), std::string::npos);
    EXPECT_TRUE(folder.refused.empty());
}

TEST(TaskFolder, AMalformedFileIsRefusedAndTheOthersStay) {
    TempDir dir;
    dir.write("commands/good.sql", "-- deckhand:command good\nSELECT 1;\n");
    dir.write("commands/bad.sql",
              "-- deckhand:command bad\n-- deckhand:param n float\nSELECT :n;\n");
    auto folder = load_task_folder(dir / "commands");
    ASSERT_EQ(folder.tasks.size(), 1u);
    EXPECT_EQ(folder.tasks[0].name, "good");
    ASSERT_EQ(folder.refused.size(), 1u);
    EXPECT_NE(folder.refused[0].find("bad.sql:2: unknown parameter type 'float'"),
              std::string::npos)
        << folder.refused[0];
}

TEST(TaskFolder, TwoFilesOfOneCommandAreBothRefusedNamingEachOther) {
    TempDir dir;
    dir.write("commands/one.sql", "-- deckhand:command twin\nSELECT 1;\n");
    dir.write("commands/two.sql", "\n-- deckhand:command twin\nSELECT 2;\n");
    auto folder = load_task_folder(dir / "commands");
    EXPECT_TRUE(folder.tasks.empty());
    ASSERT_EQ(folder.refused.size(), 2u);
    EXPECT_NE(folder.refused[0].find("one.sql:1: command 'twin' is also defined by"),
              std::string::npos)
        << folder.refused[0];
    EXPECT_NE(folder.refused[0].find("two.sql"), std::string::npos);
    EXPECT_NE(folder.refused[1].find("two.sql:2:"), std::string::npos) << folder.refused[1];
    EXPECT_NE(folder.refused[1].find("one.sql"), std::string::npos);
}

}  // namespace
}  // namespace deckhand::tasks
