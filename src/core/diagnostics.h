// Diagnostics: messages collected from every thread during a phase and printed once, sorted
// by file, line and column, so the output does not depend on scheduling.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <mutex>
#include <string>
#include <vector>

namespace kiln {

enum class Severity { error, warning, note };

struct Diagnostic {
  Severity severity = Severity::error;
  std::string path;  // relative to the folder being processed, '/'-separated; may be empty
  uint32_t line = 0;    // 1-based; 0 when there is no position
  uint32_t column = 0;  // 1-based
  std::string message;
};

std::string format_diagnostic(const Diagnostic& d);

class Diagnostics {
 public:
  void error(std::string path, std::string message);
  void warning(std::string path, std::string message);
  void add(Diagnostic d);
  void clear();

  // Sorted copy: by path, line, column, severity, message.
  std::vector<Diagnostic> sorted() const;
  size_t count(Severity s) const;
  bool has_errors() const { return count(Severity::error) > 0; }
  // Prints every message as `kiln: error: path:line:col: message`, sorted.
  void print(std::ostream& out) const;

 private:
  mutable std::mutex mu_;
  std::vector<Diagnostic> items_;
};

}  // namespace kiln
