#include "sourcemap/compressed_split.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "compress/codec.h"

namespace kiln::sourcemap {

std::vector<std::string> bucket_bytes(std::string_view file, const Attribution& a, const BucketIndex& ix) {
  std::vector<std::string> out(ix.count());
  auto unowned = [&](uint64_t b, uint64_t e) {
    // Between spans: the comment, EOLs and the rest (unmapped).
    std::string_view eol = a.mixed_eols ? std::string_view("\n") : std::string_view(a.eol_text);
    uint64_t p = b;
    while (p < e) {
      if (a.comment_range && p == a.comment_range->begin) {
        out[ix.comment()].append(file.substr(p, a.comment_range->end - p));
        p = a.comment_range->end;
        continue;
      }
      if (file.compare(p, eol.size(), eol) == 0 && p + eol.size() <= e) {
        out[ix.eol()].append(eol);
        p += eol.size();
        continue;
      }
      if (a.mixed_eols && file.compare(p, 2, "\r\n") == 0 && p + 2 <= e) {
        out[ix.eol()].append("\r\n");
        p += 2;
        continue;
      }
      out[ix.unmapped()].push_back(file[p]);
      ++p;
    }
  };
  uint64_t at = 0;
  for (const auto& s : a.spans) {
    unowned(at, s.begin);
    size_t b = s.source == kNoSource ? ix.no_source() : static_cast<size_t>(s.source);
    out[b].append(file.substr(s.begin, s.end - s.begin));
    at = s.end;
  }
  unowned(at, file.size());
  return out;
}

__extension__ typedef unsigned __int128 u128;  // weight x total overflows 64 bits

std::vector<uint64_t> proportional_shares(const std::vector<uint64_t>& weights, uint64_t total) {
  std::vector<uint64_t> out(weights.size());
  u128 sum = 0;
  for (auto w : weights) sum += w;
  if (sum == 0) return out;
  std::vector<std::pair<uint64_t, size_t>> rest;  // (remainder, index)
  uint64_t given = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    u128 x = static_cast<u128>(weights[i]) * total;
    out[i] = static_cast<uint64_t>(x / sum);
    given += out[i];
    rest.emplace_back(static_cast<uint64_t>(x % sum), i);
  }
  std::stable_sort(rest.begin(), rest.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
  for (size_t k = 0; given < total && k < rest.size(); ++k)
    if (weights[rest[k].second]) ++out[rest[k].second], ++given;
  return out;
}

std::vector<uint64_t> capped_shares(const std::vector<uint64_t>& weights, const std::vector<uint64_t>& caps,
                                    uint64_t total) {
  uint64_t room = 0;
  for (auto c : caps) room += c;
  if (total > room) return proportional_shares(weights, total);  // cannot be met: no caps
  std::vector<uint64_t> out(weights.size());
  std::vector<bool> fixed(weights.size());
  for (;;) {  // each round fixes at least one share at its cap, so it ends
    std::vector<uint64_t> w(weights.size());
    uint64_t left = total;
    for (size_t i = 0; i < weights.size(); ++i)
      if (fixed[i]) left -= out[i];
      else w[i] = weights[i];
    auto shares = proportional_shares(w, left);
    bool over = false;
    for (size_t i = 0; i < weights.size(); ++i)
      if (!fixed[i] && shares[i] > caps[i]) out[i] = caps[i], fixed[i] = true, over = true;
    if (over) continue;
    for (size_t i = 0; i < weights.size(); ++i)
      if (!fixed[i]) out[i] = shares[i];
    return out;
  }
}

CompressedSplit split_compressed(const std::vector<std::string>& buckets, uint64_t real_gzip, uint64_t real_brotli) {
  compress::CodecSettings fast;
  fast.gzip_engine = compress::GzipEngine::libdeflate;
  fast.gzip_level = 6;
  fast.brotli_quality = 5;
  std::vector<uint64_t> gz(buckets.size()), br(buckets.size());
  CompressedSplit out;
  for (size_t i = 0; i < buckets.size(); ++i) {
    if (buckets[i].empty()) continue;
    gz[i] = compress::encode(compress::Encoding::gzip, buckets[i], fast).size();
    br[i] = compress::encode(compress::Encoding::brotli, buckets[i], fast).size();
    out.gzip_alone += gz[i];
    out.brotli_alone += br[i];
  }
  std::vector<uint64_t> raw(buckets.size());
  for (size_t i = 0; i < buckets.size(); ++i) raw[i] = buckets[i].size();
  out.gzip = capped_shares(gz, raw, real_gzip);
  out.brotli = capped_shares(br, raw, real_brotli);
  return out;
}

}  // namespace kiln::sourcemap
