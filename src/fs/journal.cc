#include "fs/journal.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <sstream>

#include "fs/crash_point.h"

namespace kiln::fs {

namespace {

constexpr std::string_view kHeader = "kiln-journal 1 pid ";

std::atomic<uint64_t> g_stage_counter{0};

bool process_running(long pid) {
  if (pid <= 0) return false;
  if (pid == static_cast<long>(getpid())) return true;
  return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// The pid in a temp name `.x.kiln-tmp-PID-…`, or -1.
long temp_owner(std::string_view name) {
  size_t at = name.find(kTempMarker);
  if (at == std::string_view::npos) return -1;
  long pid = 0;
  bool digits = false;
  for (size_t i = at + kTempMarker.size(); i < name.size() && name[i] >= '0' && name[i] <= '9'; ++i) {
    pid = pid * 10 + (name[i] - '0');
    digits = true;
    if (pid > 1 << 30) return -1;
  }
  return digits ? pid : -1;
}

std::string encode(const Journal& j) {
  std::string out(kHeader);
  out += std::to_string(getpid()) + "\n";
  for (const auto& m : j.moves) out += "M\t" + m.from + "\t" + m.to + "\n";
  for (const auto& r : j.removals) out += "D\t" + r + "\n";
  out += "end\n";
  return out;
}

// False when the text is not a whole journal (then it is ignored: it was never committed).
bool decode(const std::string& text, Journal& j, long& pid) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line.rfind(kHeader, 0) != 0) return false;
  pid = std::atol(line.c_str() + kHeader.size());
  bool ended = false;
  while (std::getline(in, line)) {
    if (line == "end") {
      ended = true;
      break;
    }
    size_t t1 = line.find('\t');
    if (line.size() < 3 || t1 != 1) return false;
    if (line[0] == 'M') {
      size_t t2 = line.find('\t', 2);
      if (t2 == std::string::npos) return false;
      j.moves.push_back({line.substr(2, t2 - 2), line.substr(t2 + 1)});
    } else if (line[0] == 'D') {
      j.removals.push_back(line.substr(2));
    } else {
      return false;
    }
  }
  return ended;
}

// The moves and removals, each repeatable: a move whose staged file is gone was made.
bool play(Disk& disk, const std::string& root, const Journal& j, Diagnostics& diags, size_t& done) {
  bool ok = true;
  for (const auto& m : j.moves) {
    std::string from = join_path(root, m.from);
    auto st = disk.stat(from);
    if (!st) continue;  // made before the interruption
    if (auto s = disk.rename_file(from, join_path(root, m.to)); !s) {
      diags.error(m.to, s.error());
      ok = false;
      continue;
    }
    ++done;
    crash_point();
  }
  if (!ok) return false;
  for (const auto& r : j.removals) {
    if (auto s = disk.remove_file(join_path(root, r)); !s) diags.error(r, s.error());
    crash_point();
  }
  return true;
}

void sweep(Disk& disk, const std::string& root, const std::string& rel, bool dry_run, Diagnostics& diags,
           Recovery& out) {
  auto entries = disk.list_dir(rel.empty() ? root : join_path(root, rel));
  if (!entries) return;  // the scan reports unreadable folders
  for (const auto& e : *entries) {
    std::string child = rel.empty() ? e.name : rel + "/" + e.name;
    if (e.type == EntryType::directory) {
      sweep(disk, root, child, dry_run, diags, out);
      continue;
    }
    if (e.type != EntryType::file || e.name == kJournalName) continue;
    long pid = temp_owner(e.name);
    if (pid < 0 || process_running(pid)) continue;
    if (dry_run) {
      diags.add({Severity::note, child, 0, 0, "a temp file left by an interrupted kiln run (removed by a run that writes)"});
      continue;
    }
    if (disk.remove_file(join_path(root, child))) ++out.temps_removed;
  }
}

}  // namespace

std::string staging_path(const std::string& path) {
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  return dir + "." + base + std::string(kTempMarker) + std::to_string(getpid()) + "-s" +
         std::to_string(g_stage_counter.fetch_add(1));
}

bool commit(Disk& disk, const std::string& root, const Journal& journal, Diagnostics& diags) {
  std::string path = join_path(root, std::string(kJournalName));
  if (auto s = disk.write_file(path, encode(journal)); !s) {
    diags.error(std::string(kJournalName), s.error());
    for (const auto& m : journal.moves) (void)disk.remove_file(join_path(root, m.from));
    return false;
  }
  crash_point();
  size_t done = 0;
  bool ok = play(disk, root, journal, diags, done);
  (void)disk.remove_file(path);
  return ok;
}

Recovery recover_folder(Disk& disk, const std::string& root, bool dry_run, Diagnostics& diags) {
  Recovery out;
  std::string path = join_path(root, std::string(kJournalName));
  if (auto text = disk.read_file(path)) {
    Journal j;
    long pid = 0;
    std::string name(kJournalName);
    if (!decode(*text, j, pid)) {
      if (!dry_run) (void)disk.remove_file(path);
    } else if (process_running(pid)) {
      diags.warning(name, "another kiln run (pid " + std::to_string(pid) + ") is renaming files in this folder");
      return out;
    } else if (dry_run) {
      diags.warning(name, "an interrupted kiln run left " + std::to_string(j.moves.size()) +
                              " renames to finish; the next run that writes finishes them");
    } else {
      bool ok = play(disk, root, j, diags, out.moves_completed);
      if (ok) (void)disk.remove_file(path);
      if (!ok) {
        diags.error(name, "could not finish the renames of an interrupted kiln run; kept for the next run");
        return out;  // its staged files are still needed
      }
      diags.add({Severity::note, name, 0, 0,
                 "finished the renames of an interrupted kiln run (" + std::to_string(out.moves_completed) +
                     " files moved into place)"});
    }
  }
  sweep(disk, root, "", dry_run, diags, out);
  if (out.temps_removed)
    diags.add({Severity::note, "", 0, 0,
               "removed " + std::to_string(out.temps_removed) + " temp files left by an interrupted kiln run"});
  return out;
}

}  // namespace kiln::fs
