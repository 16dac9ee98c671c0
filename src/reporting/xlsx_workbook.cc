#include "reporting/xlsx_workbook.h"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "reporting/format.h"
#include "reporting/pending_file.h"

namespace sg::reporting {
namespace {

constexpr size_t kMaxSheetNameUnits = 31;  // Excel counts UTF-16 code units
constexpr uint32_t kMaxColumns = 16384;
constexpr double kMinWidth = 8;
constexpr double kMaxWidth = 60;

// UTF-16 code units of the UTF-8 character starting with `lead`.
size_t Utf16Units(unsigned char lead) {
  return lead >= 0xF0 ? 2 : 1;
}

size_t Utf16Length(std::string_view text) {
  size_t units = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) units += Utf16Units(c);
  }
  return units;
}

// `text` cut to at most `units` UTF-16 code units, on a character boundary.
std::string CutToUnits(std::string_view text, size_t units) {
  size_t used = 0;
  size_t end = 0;
  while (end < text.size()) {
    const unsigned char lead = static_cast<unsigned char>(text[end]);
    size_t next = end + 1;
    while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) ++next;
    if (used + Utf16Units(lead) > units) break;
    used += Utf16Units(lead);
    end = next;
  }
  return std::string(text.substr(0, end));
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string text) {
  const auto is_trimmed = [](char c) { return c == ' ' || c == '\''; };
  while (!text.empty() && is_trimmed(text.back())) text.pop_back();
  size_t start = 0;
  while (start < text.size() && is_trimmed(text[start])) ++start;
  return text.substr(start);
}

// Characters Excel refuses in sheet names become a space ("/" and "\" a
// hyphen, so "2020/21" reads "2020-21"); runs of spaces collapse.
std::string CleanSheetName(std::string_view wanted) {
  std::string out;
  for (char c : wanted) {
    char replacement = c;
    if (c == '/' || c == '\\') {
      replacement = '-';
    } else if (c == '[' || c == ']' || c == ':' || c == '*' || c == '?' ||
               static_cast<unsigned char>(c) < 0x20) {
      replacement = ' ';
    }
    if (replacement == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += replacement;
  }
  out = Trim(CutToUnits(Trim(out), kMaxSheetNameUnits));
  return out.empty() ? "Sheet" : out;
}

// "A", "B", …, "Z", "AA", … for error messages.
std::string ColumnLetters(uint32_t column) {
  std::string letters;
  for (uint32_t n = column + 1; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return letters;
}

double TextWidthInCharacters(std::string_view text) {
  size_t characters = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++characters;
  }
  return static_cast<double>(characters);
}

}  // namespace

std::string ExcelSheetName(std::string_view wanted, const std::vector<std::string>& taken) {
  const std::string base = CleanSheetName(wanted);
  const auto is_taken = [&](const std::string& name) {
    const std::string lower = Lower(name);
    if (lower == "history") return true;  // Excel keeps it for change tracking
    return std::any_of(taken.begin(), taken.end(),
                       [&](const std::string& other) { return Lower(other) == lower; });
  };
  if (!is_taken(base)) return base;
  for (int n = 2;; ++n) {
    const std::string suffix = fmt::format(" ({})", n);
    const std::string name =
        Trim(CutToUnits(base, kMaxSheetNameUnits - Utf16Length(suffix))) + suffix;
    if (!is_taken(name)) return name;
  }
}

// --- Workbook and sheets -----------------------------------------------------

struct Workbook::Impl {
  explicit Impl(PendingFile pending_file) : file(std::move(pending_file)) {}
  ~Impl() {
    // Never closed: free the library's memory without writing anything;
    // the PendingFile then removes the empty temporary file.
    if (workbook != nullptr) lxw_workbook_free(workbook);
  }

  lxw_format* Format(bool bold, const std::string& number_format);

  PendingFile file;
  lxw_workbook* workbook = nullptr;
  std::map<std::pair<bool, std::string>, lxw_format*> formats;
  std::vector<std::unique_ptr<Sheet::State>> sheets;
  std::vector<std::string> sheet_names;
};

struct Sheet::State {
  Workbook::Impl* workbook = nullptr;
  lxw_worksheet* worksheet = nullptr;
  std::string name;
  std::vector<double> widths;  // widest content per column so far
};

lxw_format* Workbook::Impl::Format(bool bold, const std::string& number_format) {
  if (!bold && number_format.empty()) return nullptr;  // Excel's default
  auto [it, inserted] = formats.try_emplace({bold, number_format}, nullptr);
  if (inserted) {
    it->second = workbook_add_format(workbook);
    if (bold) format_set_bold(it->second);
    if (!number_format.empty()) format_set_num_format(it->second, number_format.c_str());
  }
  return it->second;
}

const std::string& Sheet::name() const {
  return state_->name;
}

core::Status Sheet::WriteText(uint32_t row, std::string_view text, bool bold) {
  const std::string value(text);
  const lxw_error error = worksheet_write_string(state_->worksheet, row, 0, value.c_str(),
                                                 state_->workbook->Format(bold, ""));
  if (error != LXW_NO_ERROR) {
    return core::Fail(core::Code::kInvalidArgument,
                      fmt::format("cannot write cell A{} of sheet '{}': {}", row + 1, state_->name,
                                  lxw_strerror(error)));
  }
  return {};
}

core::Result<uint32_t> Sheet::WriteTable(uint32_t first_row, const Table& table) {
  const size_t columns = std::min<size_t>(table.columns.size(), kMaxColumns);
  if (state_->widths.size() < columns) state_->widths.resize(columns, 0);
  const auto fail = [&](uint32_t row, size_t column, lxw_error error) {
    return core::Fail(core::Code::kInvalidArgument,
                      fmt::format("cannot write cell {}{} of sheet '{}': {}",
                                  ColumnLetters(static_cast<uint32_t>(column)), row + 1,
                                  state_->name, lxw_strerror(error)));
  };
  lxw_format* bold = state_->workbook->Format(true, "");
  for (size_t c = 0; c < columns; ++c) {
    const std::string& header = table.columns[c].header;
    const lxw_error error = worksheet_write_string(state_->worksheet, first_row,
                                                   static_cast<lxw_col_t>(c), header.c_str(), bold);
    if (error != LXW_NO_ERROR) return fail(first_row, c, error);
    state_->widths[c] = std::max(state_->widths[c], TextWidthInCharacters(header));
  }
  uint32_t row = first_row + 1;
  for (const std::vector<Cell>& cells : table.rows) {
    for (size_t c = 0; c < std::min(columns, cells.size()); ++c) {
      const Column& column = table.columns[c];
      const auto col = static_cast<lxw_col_t>(c);
      lxw_error error = LXW_NO_ERROR;
      double shown = 0;  // characters the cell shows, for the width
      if (const double* number = std::get_if<double>(&cells[c])) {
        if (!std::isfinite(*number)) continue;
        error = worksheet_write_number(state_->worksheet, row, col, *number,
                                       state_->workbook->Format(false, column.number_format));
        shown = TextWidthInCharacters(FormatNumber(*number, 2));
      } else if (const std::string* text = std::get_if<std::string>(&cells[c])) {
        error = worksheet_write_string(state_->worksheet, row, col, text->c_str(), nullptr);
        shown = TextWidthInCharacters(*text);
      }
      if (error != LXW_NO_ERROR) return fail(row, c, error);
      state_->widths[c] = std::max(state_->widths[c], shown);
    }
    ++row;
  }
  for (size_t c = 0; c < columns; ++c) {
    const double width = table.columns[c].width > 0
                             ? table.columns[c].width
                             : std::clamp(state_->widths[c] + 2, kMinWidth, kMaxWidth);
    worksheet_set_column(state_->worksheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                         width, nullptr);
  }
  return row;
}

Workbook::Workbook(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Workbook::Workbook(Workbook&& other) noexcept = default;
Workbook& Workbook::operator=(Workbook&& other) noexcept = default;
Workbook::~Workbook() = default;

core::Result<Workbook> Workbook::Create(const std::filesystem::path& path) {
  SG_ASSIGN_OR_RETURN(PendingFile file, PendingFile::Reserve(path));
  auto impl = std::make_unique<Impl>(std::move(file));
  impl->workbook = workbook_new(impl->file.temp_path().c_str());
  if (impl->workbook == nullptr) {
    return core::Fail(core::Code::kUnavailable,
                      "cannot start the workbook " + path.string() + ": out of memory");
  }
  return Workbook(std::move(impl));
}

core::Result<Sheet> Workbook::AddSheet(std::string_view name) {
  if (!impl_ || impl_->workbook == nullptr) {
    return core::Fail(core::Code::kFailedPrecondition,
                      "cannot add a sheet to a workbook that is already closed");
  }
  std::string sheet_name = ExcelSheetName(name, impl_->sheet_names);
  lxw_worksheet* worksheet = workbook_add_worksheet(impl_->workbook, sheet_name.c_str());
  if (worksheet == nullptr) {
    return core::Fail(core::Code::kInternal,
                      "libxlsxwriter refused the sheet name '" + sheet_name + "'");
  }
  auto state = std::make_unique<Sheet::State>();
  state->workbook = impl_.get();
  state->worksheet = worksheet;
  state->name = sheet_name;
  impl_->sheet_names.push_back(std::move(sheet_name));
  impl_->sheets.push_back(std::move(state));
  return Sheet(impl_->sheets.back().get());
}

core::Status Workbook::Close() {
  if (!impl_ || impl_->workbook == nullptr) {
    return core::Fail(core::Code::kFailedPrecondition, "the workbook is already closed");
  }
  // workbook_close frees the workbook whatever happens.
  const lxw_error error = workbook_close(std::exchange(impl_->workbook, nullptr));
  impl_->sheets.clear();
  if (error != LXW_NO_ERROR) {
    return core::Fail(core::Code::kUnavailable,
                      fmt::format("cannot write the workbook {}: {}", impl_->file.target().string(),
                                  lxw_strerror(error)));
  }
  return impl_->file.Commit();
}

}  // namespace sg::reporting
