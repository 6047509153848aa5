// File names as kiln passes them on: into `_headers` rules, manifests, precache lists, JSON
// reports and terminal messages. A name with a control character (a newline would start a
// new `_headers` rule: header injection) or invalid UTF-8 (JSON cannot carry it) is refused
// where the folder is scanned; messages show any name with such bytes escaped.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kiln {

// Why `name` cannot be passed on ("file name contains a control character (\n)"), or nothing.
std::optional<std::string> unsafe_name_reason(std::string_view name);

// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF).
bool is_valid_utf8(std::string_view s);

// `s` with control characters and bytes of invalid UTF-8 written as \n, \t, \xNN: safe to
// print on one line and to put into JSON.
std::string printable_name(std::string_view s);

// The value of one hex digit ('0'-'9', 'a'-'f', 'A'-'F'), or -1: for %XX and \XX escapes.
int hex_digit_value(char c);

}  // namespace kiln
