#include "reporting/pending_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "reporting/test_util.h"

namespace sg::reporting {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

size_t Entries(const fs::path& dir) {
  return static_cast<size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST(PendingFileTest, CommitRenamesIntoPlace) {
  testing::ScratchDir dir("sg_pending_test_");
  const fs::path target = dir.path() / "report.html";
  auto file = PendingFile::Reserve(target);
  ASSERT_TRUE(file) << file.error().message();
  EXPECT_EQ(file->temp_path().parent_path(), dir.path());
  EXPECT_NE(file->temp_path(), target);
  testing::WriteFile(file->temp_path(), "done");
  EXPECT_FALSE(fs::exists(target)) << "nothing under the final name before Commit";
  ASSERT_TRUE(file->Commit());
  EXPECT_EQ(testing::ReadFile(target), "done");
  EXPECT_EQ(Entries(dir.path()), 1u);
  EXPECT_FALSE(file->Commit()) << "a second Commit is refused";
}

TEST(PendingFileTest, WithoutCommitNothingRemains) {
  testing::ScratchDir dir("sg_pending_test_");
  {
    auto file = PendingFile::Reserve(dir.path() / "report.html");
    ASSERT_TRUE(file);
    testing::WriteFile(file->temp_path(), "half");
  }
  EXPECT_EQ(Entries(dir.path()), 0u);
}

TEST(PendingFileTest, MovedFromDoesNotRemoveTheFile) {
  testing::ScratchDir dir("sg_pending_test_");
  auto file = PendingFile::Reserve(dir.path() / "a");
  ASSERT_TRUE(file);
  PendingFile moved = std::move(*file);
  EXPECT_TRUE(fs::exists(moved.temp_path()));
  ASSERT_TRUE(moved.Commit());
  EXPECT_TRUE(fs::exists(dir.path() / "a"));
}

TEST(PendingFileTest, MissingDirectoryFails) {
  testing::ScratchDir dir("sg_pending_test_");
  const auto file = PendingFile::Reserve(dir.path() / "absent" / "a");
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().code(), core::Code::kUnavailable);
  EXPECT_THAT(file.error().message(), HasSubstr("absent"));
}

TEST(WriteFileAtomicallyTest, ReplacesWholeFileWithUmaskPermissions) {
  testing::ScratchDir dir("sg_pending_test_");
  const fs::path target = dir.path() / "out.txt";
  testing::WriteFile(target, "old and longer");
  const mode_t old_mask = umask(022);
  ASSERT_TRUE(WriteFileAtomically(target, "new"));
  umask(old_mask);
  EXPECT_EQ(testing::ReadFile(target), "new");
  struct stat info {};
  ASSERT_EQ(stat(target.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0644u);
  EXPECT_EQ(Entries(dir.path()), 1u);
}

}  // namespace
}  // namespace sg::reporting
