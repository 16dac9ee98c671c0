#include "places/postcode_directory.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "places/distance.h"

namespace sg::places {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

// ---------------------------------------------------------------------------
// The real index, built by the CMake target postcode_index.

class RealIndex : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto opened = PostcodeDirectory::Open(SG_POSTCODE_INDEX);
    if (opened) {
      dir_ = new PostcodeDirectory(std::move(opened).value());
    } else {
      error_ = opened.error().message();
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(dir_, nullptr) << error_; }
  static const PostcodeDirectory& Real() { return *dir_; }

  static PostcodeDirectory* dir_;
  static std::string error_;
};
PostcodeDirectory* RealIndex::dir_ = nullptr;
std::string RealIndex::error_;

double Miles(const PostcodeDirectory& dir, std::string_view from, std::string_view to) {
  auto a = dir.Find(from);
  auto b = dir.Find(to);
  EXPECT_TRUE(a.has_value()) << from;
  EXPECT_TRUE(b.has_value()) << to;
  if (!a || !b) return -1;
  auto miles = DistanceMiles(*a, *b);
  EXPECT_TRUE(miles.has_value()) << from << " -> " << to;
  return miles.value_or(-1);
}

TEST_F(RealIndex, HoldsTheWholeOnspdExtract) {
  EXPECT_EQ(Real().size(), 2'720'556u);
  EXPECT_THAT(Real().source(),
              HasSubstr("onspd_postcodes.csv.gz; 19508861 bytes; sha256 "
                        "823d607bc379711510cbafd699a70da85fed8d064032be32bd2fe6f684926828"));
  EXPECT_TRUE(Real().Verify().has_value());
}

TEST_F(RealIndex, SanityDistancesOfTheReadme) {
  EXPECT_NEAR(Miles(Real(), "CW1 2BJ", "SK10 1DX"), 17.3077, 1e-4);
  EXPECT_DOUBLE_EQ(RoundMiles(Miles(Real(), "CW1 2BJ", "SK10 1DX")), 17.3);
  EXPECT_NEAR(Miles(Real(), "CW1 2BJ", "CW11 1HZ"), 4.3288, 1e-4);
  EXPECT_DOUBLE_EQ(RoundMiles(Miles(Real(), "CW1 2BJ", "CW11 1HZ")), 4.3);
  EXPECT_NEAR(Miles(Real(), "M1 1AE", "SK10 1DX"), 15.9163, 1e-4);
  EXPECT_DOUBLE_EQ(RoundMiles(Miles(Real(), "M1 1AE", "SK10 1DX")), 15.9);
  EXPECT_NEAR(Miles(Real(), "SW1A 1AA", "SW1A 2AA"), 0.6243, 1e-4);
  EXPECT_DOUBLE_EQ(RoundMiles(Miles(Real(), "SW1A 1AA", "SW1A 2AA")), 0.6);
}

TEST_F(RealIndex, FindsGridReferenceAndDistrict) {
  auto crewe = Real().Find("cw12bj");
  ASSERT_TRUE(crewe.has_value());
  ASSERT_TRUE(crewe->grid.has_value());
  EXPECT_EQ(*crewe->grid, (GridRef{370672, 355784, Grid::kBritishNational}));
  EXPECT_EQ(crewe->district, "E06000049");
  auto manchester = Real().Find("M1  1AE");
  ASSERT_TRUE(manchester.has_value());
  EXPECT_EQ(manchester->district, "E08000003");
  // The first and last postcodes of the file.
  EXPECT_TRUE(Real().Find("AB1 0AA").has_value());
  auto last = Real().Find("ZE3 9JZ");
  EXPECT_TRUE(last.has_value());
}

TEST_F(RealIndex, UnknownPostcodes) {
  EXPECT_FALSE(Real().Find("ZZ99 9ZZ").has_value());
  EXPECT_FALSE(Real().Find("").has_value());
  EXPECT_FALSE(Real().Find("not a postcode").has_value());
  EXPECT_FALSE(Real().Find("CW1-2BJ").has_value());
  EXPECT_FALSE(Real().Find("00000").has_value());
}

TEST_F(RealIndex, PostcodesWithoutAGridReference) {
  for (std::string_view postcode : {"GY1 1AA", "JE2 3AA"}) {
    auto info = Real().Find(postcode);
    ASSERT_TRUE(info.has_value()) << postcode;
    EXPECT_FALSE(info->grid.has_value()) << postcode;
    EXPECT_EQ(info->district, "L99999999") << postcode;
  }
  auto douglas = Real().Find("IM1 1AA");
  ASSERT_TRUE(douglas.has_value());
  EXPECT_FALSE(douglas->grid.has_value());
  EXPECT_EQ(douglas->district, "M99999999");
  auto girobank = Real().Find("GIR 0AA");
  ASSERT_TRUE(girobank.has_value());
  EXPECT_FALSE(girobank->grid.has_value());
  EXPECT_EQ(girobank->district, "");
  EXPECT_FALSE(DistanceMiles(*girobank, *Real().Find("CW1 2BJ")).has_value());
}

TEST_F(RealIndex, NorthernIrelandIsOnTheIrishGrid) {
  auto belfast = Real().Find("BT1 1AA");
  ASSERT_TRUE(belfast.has_value());
  ASSERT_TRUE(belfast->grid.has_value());
  EXPECT_EQ(*belfast->grid, (GridRef{334316, 374675, Grid::kIrish}));
  EXPECT_EQ(belfast->district, "N09000003");
  auto crewe = Real().Find("CW1 2BJ");
  EXPECT_FALSE(DistanceMiles(*belfast, *crewe).has_value());
  EXPECT_FALSE(DistanceMiles(*crewe, *belfast).has_value());
  auto derry = Real().Find("BT48 6AA");
  ASSERT_TRUE(derry.has_value());
  auto miles = DistanceMiles(*belfast, *derry);
  ASSERT_TRUE(miles.has_value());
  EXPECT_GT(*miles, 60);
  EXPECT_LT(*miles, 70);
}

TEST_F(RealIndex, DefaultIndexPathFindsTheBuildTreeIndex) {
  const char* saved = std::getenv("SAFEGUARD_POSTCODES");
  std::string saved_value = saved != nullptr ? saved : "";
  ::unsetenv("SAFEGUARD_POSTCODES");
  fs::path found = PostcodeDirectory::DefaultIndexPath();
  std::error_code ec;
  EXPECT_TRUE(fs::equivalent(found, SG_POSTCODE_INDEX, ec)) << found;
  ::setenv("SAFEGUARD_POSTCODES", "/elsewhere/postcodes.idx", 1);
  EXPECT_EQ(PostcodeDirectory::DefaultIndexPath(), fs::path("/elsewhere/postcodes.idx"));
  auto missing = PostcodeDirectory::OpenDefault();
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code(), core::Code::kNotFound);
  EXPECT_THAT(missing.error().message(), HasSubstr("/elsewhere/postcodes.idx not found"));
  EXPECT_THAT(missing.error().message(), HasSubstr("--target postcode_index"));
  if (saved != nullptr) {
    ::setenv("SAFEGUARD_POSTCODES", saved_value.c_str(), 1);
  } else {
    ::unsetenv("SAFEGUARD_POSTCODES");
  }
}

// ---------------------------------------------------------------------------
// Small indexes built from CSV written by the tests.

constexpr std::string_view kSmallCsv =
    "postcode,easting,northing,la_code\n"
    "AB1 0AA,385386,801193,S12000033\n"
    "AB11 3AG,,,\n"
    "BT1 1AA,334316,374675,N09000003\n"
    "CW1 2BJ,370672,355784,E06000049\n"
    "GY1 1AA,,,L99999999\n"
    "M1 1AE,384756,398553,E08000003\n"
    "SK10 1DX,391805,373928,E06000049\n";

class SmallIndex : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::path(::testing::TempDir()) / "places_test_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  fs::path Write(std::string_view name, std::string_view text) {
    fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  fs::path WriteGz(std::string_view name, std::string_view text) {
    fs::path path = dir_ / name;
    gzFile out = gzopen(path.c_str(), "wb9");
    EXPECT_NE(out, nullptr);
    EXPECT_EQ(gzwrite(out, text.data(), static_cast<unsigned>(text.size())),
              static_cast<int>(text.size()));
    gzclose(out);
    return path;
  }
  std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  // The error message of building an index from `csv`, or "" on success.
  std::string BuildError(std::string_view csv) {
    auto built = PostcodeDirectory::BuildIndex(Write("bad.csv", csv), dir_ / "bad.idx");
    if (built) return "";
    EXPECT_EQ(built.error().code(), core::Code::kInvalidArgument);
    return built.error().message();
  }
  std::vector<std::string> Files() {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path dir_;
};

void ExpectSmallContent(const PostcodeDirectory& dir) {
  EXPECT_EQ(dir.size(), 7u);
  auto crewe = dir.Find("cw1 2bj");
  ASSERT_TRUE(crewe.has_value());
  EXPECT_EQ(*crewe->grid, (GridRef{370672, 355784}));
  EXPECT_EQ(crewe->district, "E06000049");
  auto aberdeen = dir.Find("AB113AG");
  ASSERT_TRUE(aberdeen.has_value());
  EXPECT_FALSE(aberdeen->grid.has_value());
  EXPECT_EQ(aberdeen->district, "");
  EXPECT_EQ(dir.Find("GY1 1AA")->district, "L99999999");
  EXPECT_EQ(dir.Find("BT1 1AA")->grid->grid, Grid::kIrish);
  EXPECT_EQ(dir.Find("AB1 0AA")->district, "S12000033");
  EXPECT_NEAR(*DistanceMiles(*dir.Find("M1 1AE"), *dir.Find("SK10 1DX")), 15.9163, 1e-4);
  EXPECT_FALSE(dir.Find("CW1 2BK").has_value());
  EXPECT_FALSE(dir.Find("AA1 1AA").has_value());  // before the first
  EXPECT_FALSE(dir.Find("ZZ9 9ZZ").has_value());  // after the last
  EXPECT_TRUE(dir.Verify().has_value());
}

TEST_F(SmallIndex, BuildsFromPlainCsv) {
  auto stats = PostcodeDirectory::BuildIndex(Write("pc.csv", kSmallCsv), dir_ / "pc.idx");
  ASSERT_TRUE(stats.has_value()) << stats.error().message();
  EXPECT_EQ(stats->postcodes, 7u);
  EXPECT_EQ(stats->without_grid, 2u);
  EXPECT_EQ(stats->districts, 5u);
  EXPECT_THAT(stats->source, HasSubstr(fmt::format("pc.csv; {} bytes; sha256 ", kSmallCsv.size())));
  auto dir = PostcodeDirectory::Open(dir_ / "pc.idx");
  ASSERT_TRUE(dir.has_value()) << dir.error().message();
  EXPECT_EQ(dir->file_bytes(), stats->index_bytes);
  EXPECT_EQ(dir->source(), stats->source);
  ExpectSmallContent(*dir);
}

TEST_F(SmallIndex, BuildsFromGzipAndCrlfAlike) {
  std::string crlf;
  for (char c : kSmallCsv) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  crlf.resize(crlf.size() - 2);  // and no line break after the last row
  auto stats = PostcodeDirectory::BuildIndex(WriteGz("pc.csv.gz", crlf), dir_ / "gz.idx");
  ASSERT_TRUE(stats.has_value()) << stats.error().message();
  auto dir = PostcodeDirectory::Open(dir_ / "gz.idx");
  ASSERT_TRUE(dir.has_value()) << dir.error().message();
  ExpectSmallContent(*dir);
  // The same records as the plain build; only the source description differs.
  ASSERT_TRUE(PostcodeDirectory::BuildIndex(Write("pc.csv", kSmallCsv), dir_ / "plain.idx"));
  std::string gz = Read(dir_ / "gz.idx");
  std::string plain = Read(dir_ / "plain.idx");
  ASSERT_EQ(gz.size(), plain.size());
  EXPECT_EQ(gz.substr(512), plain.substr(512));
}

TEST_F(SmallIndex, MovedDirectoryKeepsWorking) {
  ASSERT_TRUE(PostcodeDirectory::BuildIndex(Write("pc.csv", kSmallCsv), dir_ / "pc.idx"));
  auto opened = PostcodeDirectory::Open(dir_ / "pc.idx");
  ASSERT_TRUE(opened.has_value());
  PostcodeDirectory moved = std::move(opened).value();
  ExpectSmallContent(moved);
  PostcodeDirectory assigned = std::move(moved);
  EXPECT_FALSE(moved.Find("CW1 2BJ").has_value());  // NOLINT(bugprone-use-after-move)
  ExpectSmallContent(assigned);
}

TEST_F(SmallIndex, BadRowsAreRefusedNamingTheirLine) {
  const std::string header = "postcode,easting,northing,la_code\n";
  const std::string good = header + "AB1 0AA,385386,801193,S12000033\n";
  EXPECT_THAT(BuildError(good + "CW1 2BJ,370672,355784\n"),
              HasSubstr("bad.csv line 3: expected 4 fields (postcode,easting,northing,la_code), "
                        "found 3"));
  EXPECT_THAT(BuildError(good + "CW1 2BJ,370672,355784,E06000049,x\n"),
              HasSubstr("line 3: expected 4 fields"));
  EXPECT_THAT(BuildError(good + "DE1 1AA,3,4,E06000015\nCW1 2BJ,37o672,355784,E06000049\n"),
              HasSubstr("line 4: easting '37o672' is not a whole number"));
  EXPECT_THAT(BuildError(good + "CW1 2BJ,370672,-5,E06000049\n"),
              HasSubstr("line 3: northing '-5' is not a whole number"));
  EXPECT_THAT(BuildError(good + "CW1 2BJ,370672.5,355784,E06000049\n"),
              HasSubstr("line 3: easting '370672.5'"));
  EXPECT_THAT(BuildError(good + "CW1 2BJ,99999999,355784,E06000049\n"),
              HasSubstr("line 3: easting"));
  EXPECT_THAT(BuildError(good + "CW1 2BJ,370672,,E06000049\n"),
              HasSubstr("line 3: easting and northing must both be given or both be empty"));
  EXPECT_THAT(BuildError(good + "CW1 2BJ,370672,355784,E0600004\n"),
              HasSubstr("line 3: la_code 'E0600004' is not a 9-character ONS code"));
  EXPECT_THAT(BuildError(good + "CW1 2BJ,370672,355784,e06000049\n"), HasSubstr("line 3: la_code"));
  EXPECT_THAT(BuildError(good + "CW1-2BJ,370672,355784,E06000049\n"),
              HasSubstr("line 3: postcode 'CW1-2BJ' is not a postcode"));
  EXPECT_THAT(BuildError(good + "\n"), HasSubstr("line 3: expected 4 fields"));
  EXPECT_THAT(BuildError(good + "CW1 2BJ,1,2,E06000049\nDE1 1AA,3,4,E06000015\ncw12bj,5,6,\n"),
              HasSubstr("line 5: postcode CW1 2BJ is repeated (also on line 3)"));
  EXPECT_THAT(BuildError("postcode,easting,northing\nAB1 0AA,1,2\n"),
              HasSubstr("line 1: expected the header 'postcode,easting,northing,la_code'"));
  EXPECT_THAT(BuildError(""), HasSubstr("is empty"));
  EXPECT_THAT(BuildError(header), HasSubstr("has no postcodes"));
  // A byte order mark before the header is fine.
  EXPECT_EQ(BuildError("\xEF\xBB\xBF" + good), "");
}

TEST_F(SmallIndex, FailedBuildLeavesThePreviousIndex) {
  fs::path index = dir_ / "pc.idx";
  ASSERT_TRUE(PostcodeDirectory::BuildIndex(Write("pc.csv", kSmallCsv), index));
  std::string before = Read(index);
  auto failed = PostcodeDirectory::BuildIndex(
      Write("bad.csv", std::string(kSmallCsv) + "ZE1 0AA,1,x,S12000027\n"), index);
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(Read(index), before);
  EXPECT_EQ(Files(), (std::vector<std::string>{"bad.csv", "pc.csv", "pc.idx"}));
}

TEST_F(SmallIndex, MissingOrDamagedSourcesAreRefused) {
  auto missing = PostcodeDirectory::BuildIndex(dir_ / "none.csv.gz", dir_ / "x.idx");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code(), core::Code::kNotFound);

  std::string gz = Read(WriteGz("pc.csv.gz", kSmallCsv));
  auto truncated = PostcodeDirectory::BuildIndex(
      Write("cut.csv.gz", std::string_view(gz).substr(0, gz.size() - 12)), dir_ / "x.idx");
  ASSERT_FALSE(truncated.has_value());
  EXPECT_EQ(truncated.error().code(), core::Code::kDataLoss);
  EXPECT_THAT(truncated.error().message(), HasSubstr("truncated .gz"));
  EXPECT_FALSE(fs::exists(dir_ / "x.idx"));
}

class DamagedIndex : public SmallIndex {
 protected:
  void SetUp() override {
    SmallIndex::SetUp();
    index_ = dir_ / "pc.idx";
    ASSERT_TRUE(PostcodeDirectory::BuildIndex(Write("pc.csv", kSmallCsv), index_));
    bytes_ = Read(index_);
  }
  // The error of opening `bytes` as an index.
  core::Error OpenError(const std::string& bytes) {
    Write("damaged.idx", bytes);
    auto dir = PostcodeDirectory::Open(dir_ / "damaged.idx");
    EXPECT_FALSE(dir.has_value());
    return dir ? core::Error(core::Code::kInternal, "opened") : dir.error();
  }

  fs::path index_;
  std::string bytes_;
};

TEST_F(DamagedIndex, TruncatedFilesAreRefused) {
  auto cut = OpenError(bytes_.substr(0, bytes_.size() - 1));
  EXPECT_EQ(cut.code(), core::Code::kDataLoss);
  EXPECT_THAT(cut.message(), HasSubstr("truncated"));
  EXPECT_THAT(cut.message(), HasSubstr("rebuild it"));
  EXPECT_THAT(OpenError(bytes_.substr(0, 600)).message(), HasSubstr("truncated"));
  EXPECT_THAT(OpenError(bytes_.substr(0, 100)).message(), HasSubstr("truncated"));
  EXPECT_THAT(OpenError(bytes_.substr(0, 4)).message(), HasSubstr("damaged"));
  EXPECT_THAT(OpenError("").message(), HasSubstr("damaged"));
  EXPECT_THAT(OpenError(bytes_ + "x").message(), HasSubstr("extra bytes at the end"));
}

TEST_F(DamagedIndex, OtherFilesAndVersionsAreRefused) {
  EXPECT_THAT(OpenError("postcode,easting,northing,la_code\n" + std::string(600, 'x')).message(),
              HasSubstr("is not a Safeguard postcode index"));
  std::string old = bytes_;
  old[8] = 0;  // format version 0
  auto version = OpenError(old);
  EXPECT_EQ(version.code(), core::Code::kFailedPrecondition);
  EXPECT_THAT(version.message(), HasSubstr("format version 0, this program reads version 1"));
  auto missing = PostcodeDirectory::Open(dir_ / "none.idx");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code(), core::Code::kNotFound);
}

TEST_F(DamagedIndex, ChecksumsCatchAlteredBytes) {
  std::string header = bytes_;
  header[200] ^= 1;  // in the source description
  EXPECT_THAT(OpenError(header).message(), HasSubstr("header checksum mismatch"));
  std::string table = bytes_;
  table[512] ^= 1;  // the first district entry
  EXPECT_THAT(OpenError(table).message(), HasSubstr("district table checksum mismatch"));

  std::string record = bytes_;
  record[record.size() - 20] ^= 1;
  Write("damaged.idx", record);
  auto dir = PostcodeDirectory::Open(dir_ / "damaged.idx");
  ASSERT_TRUE(dir.has_value());  // records are checked by Verify(), not on every open
  auto verified = dir->Verify();
  ASSERT_FALSE(verified.has_value());
  EXPECT_THAT(verified.error().message(), HasSubstr("record checksum mismatch"));
}

// Whatever the fences and records hold, lookups stay inside the file (run
// under ASan).
TEST_F(DamagedIndex, ScrambledRecordsNeverCrashLookups) {
  std::mt19937 random(20251126);
  // One fence and 7 records of 8 + 8 + 2 bytes, padded to a multiple of 8,
  // end the file.
  const size_t records_start = bytes_.size() - 136;
  const char* postcodes[] = {"AB1 0AA", "AB11 3AG", "BT1 1AA", "CW1 2BJ", "GY1 1AA",
                             "M1 1AE",  "SK10 1DX", "ZZ9 9ZZ", "A1 1AA"};
  for (int round = 0; round < 100; ++round) {
    std::string scrambled = bytes_;
    for (int flips = 0; flips < 4; ++flips) {
      size_t at = records_start + random() % (scrambled.size() - records_start);
      scrambled[at] = static_cast<char>(random());
    }
    Write("scrambled.idx", scrambled);
    auto dir = PostcodeDirectory::Open(dir_ / "scrambled.idx");
    ASSERT_TRUE(dir.has_value()) << dir.error().message();
    for (const char* postcode : postcodes) {
      if (auto info = dir->Find(postcode)) {
        EXPECT_LE(info->district.size(), 16u);
      }
    }
    if (scrambled != bytes_) {
      EXPECT_FALSE(dir->Verify().has_value());
    }
  }
}

}  // namespace
}  // namespace sg::places
