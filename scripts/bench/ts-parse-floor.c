// The floor for kiln's parse phase: tree-sitter's bare parse of the same files, one parser,
// one thread, each file read into memory first and parsed once (the tree is built and freed,
// nothing is walked or queried). Built and run by scripts/bench/analyze.sh:
//   cc -O2 ts-parse-floor.c <grammar parser.c/scanner.c ...> -ltree-sitter
//   find DIR -name '*.js' | ./ts-parse-floor          (paths on stdin, one per line)
// Grammar by extension: .js/.mjs/.cjs -> javascript, .css -> css, .html/.htm -> html; other
// files are skipped. Prints one line per grammar and a total, with parse CPU seconds (thread
// CPU clock, so other processes on a busy machine do not count) and MB/s (10^6 bytes per CPU
// second), then a machine-readable line: "total BYTES CPU_SECONDS WALL_SECONDS ERROR_FILES".
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <tree_sitter/api.h>

const TSLanguage* tree_sitter_javascript(void);
const TSLanguage* tree_sitter_css(void);
const TSLanguage* tree_sitter_html(void);

enum { JS, CSS, HTML, NGRAMMARS };
static const char* const kNames[NGRAMMARS] = {"javascript", "css", "html"};

static double now(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int grammar_of(const char* path) {
  const char* dot = strrchr(path, '.');
  if (!dot) return -1;
  if (!strcmp(dot, ".js") || !strcmp(dot, ".mjs") || !strcmp(dot, ".cjs")) return JS;
  if (!strcmp(dot, ".css")) return CSS;
  if (!strcmp(dot, ".html") || !strcmp(dot, ".htm")) return HTML;
  return -1;
}

static char* read_file(const char* path, long* size) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  *size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* buf = malloc((size_t)*size + 1);
  if (buf && fread(buf, 1, (size_t)*size, f) != (size_t)*size) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  return buf;
}

int main(void) {
  const TSLanguage* langs[NGRAMMARS] = {tree_sitter_javascript(), tree_sitter_css(), tree_sitter_html()};
  TSParser* parser = ts_parser_new();
  long long bytes[NGRAMMARS] = {0};
  long files[NGRAMMARS] = {0}, errors[NGRAMMARS] = {0};
  double cpu[NGRAMMARS] = {0}, wall[NGRAMMARS] = {0};
  char path[4096];
  while (fgets(path, sizeof path, stdin)) {
    path[strcspn(path, "\n")] = 0;
    int g = grammar_of(path);
    if (g < 0) continue;
    long size = 0;
    char* text = read_file(path, &size);
    if (!text) {
      fprintf(stderr, "ts-parse-floor: cannot read %s\n", path);
      return 1;
    }
    ts_parser_set_language(parser, langs[g]);
    double c0 = now(CLOCK_THREAD_CPUTIME_ID), w0 = now(CLOCK_MONOTONIC);
    TSTree* tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)size);
    if (ts_node_has_error(ts_tree_root_node(tree))) errors[g]++;
    ts_tree_delete(tree);
    cpu[g] += now(CLOCK_THREAD_CPUTIME_ID) - c0;
    wall[g] += now(CLOCK_MONOTONIC) - w0;
    bytes[g] += size;
    files[g]++;
    free(text);
  }
  ts_parser_delete(parser);
  long long tb = 0;
  double tc = 0, tw = 0;
  long te = 0;
  for (int g = 0; g < NGRAMMARS; g++) {
    if (!files[g]) continue;
    printf("  %-10s %5ld files %12lld bytes  cpu %7.3f s  %6.2f MB/s  (%ld with syntax errors)\n", kNames[g],
           files[g], bytes[g], cpu[g], cpu[g] > 0 ? (double)bytes[g] / 1e6 / cpu[g] : 0.0, errors[g]);
    tb += bytes[g];
    tc += cpu[g];
    tw += wall[g];
    te += errors[g];
  }
  printf("total %lld %.4f %.4f %ld\n", tb, tc, tw, te);
  return 0;
}
