#include "core/diagnostics.h"

#include <algorithm>
#include <ostream>
#include <tuple>

#include "core/file_name.h"

namespace kiln {

namespace {
const char* severity_name(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}
}  // namespace

std::string format_diagnostic(const Diagnostic& d) {
  std::string out = "kiln: ";
  out += severity_name(d.severity);
  out += ": ";
  if (!d.path.empty()) {
    out += printable_name(d.path);
    if (d.line > 0) {
      out += ':' + std::to_string(d.line);
      if (d.column > 0) out += ':' + std::to_string(d.column);
    }
    out += ": ";
  }
  // A message quoting bytes of a bad input (JSON's "last read: '\xff'") stays valid UTF-8.
  out += is_valid_utf8(d.message) ? d.message : printable_name(d.message);
  return out;
}

void Diagnostics::error(std::string path, std::string message) {
  add({Severity::error, std::move(path), 0, 0, std::move(message)});
}

void Diagnostics::warning(std::string path, std::string message) {
  add({Severity::warning, std::move(path), 0, 0, std::move(message)});
}

void Diagnostics::add(Diagnostic d) {
  std::lock_guard lock(mu_);
  items_.push_back(std::move(d));
}

void Diagnostics::clear() {
  std::lock_guard lock(mu_);
  items_.clear();
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Diagnostic> copy;
  {
    std::lock_guard lock(mu_);
    copy = items_;
  }
  std::sort(copy.begin(), copy.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.path, a.line, a.column, a.severity, a.message) <
           std::tie(b.path, b.line, b.column, b.severity, b.message);
  });
  // A message made twice (kiln build scans the folder more than once) is shown once.
  copy.erase(std::unique(copy.begin(), copy.end(),
                         [](const Diagnostic& a, const Diagnostic& b) {
                           return std::tie(a.path, a.line, a.column, a.severity, a.message) ==
                                  std::tie(b.path, b.line, b.column, b.severity, b.message);
                         }),
             copy.end());
  return copy;
}

size_t Diagnostics::count(Severity s) const {
  std::lock_guard lock(mu_);
  return static_cast<size_t>(std::count_if(items_.begin(), items_.end(),
                                           [s](const Diagnostic& d) { return d.severity == s; }));
}

void Diagnostics::print(std::ostream& out) const {
  for (const auto& d : sorted()) out << format_diagnostic(d) << '\n';
}

}  // namespace kiln
