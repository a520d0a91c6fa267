// Base64 throughput on 8 MB, per implementation path (the target is >= 4 GB/s encode and decode):
// BM_Base64Encode_8MB/<path>, BM_Base64Decode_8MB/<path> (lenient, clean text: the Groundhog
// case), BM_Base64DecodeStrict_8MB/<path>, and BM_Base64DecodeWrapped_8MB/<path> (lenient, a
// newline every 76 characters). Bytes processed count the decoded side, so GB/s compares across
// directions.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <string_view>

#include "hog/core/base64.hpp"

namespace b64 = hog::core::base64;

namespace {

constexpr std::size_t kPayloadBytes = 8u << 20;

const std::string& payload() {
  static const std::string bytes = [] {
    std::string out(kPayloadBytes, '\0');
    std::mt19937_64 rng(42);
    for (char& c : out) c = static_cast<char>(rng() & 0xff);
    return out;
  }();
  return bytes;
}

const std::string& clean_text() {
  static const std::string text = b64::encode(payload());
  return text;
}

const std::string& wrapped_text() {
  static const std::string text = [] {
    std::string out;
    const std::string& clean = clean_text();
    for (std::size_t at = 0; at < clean.size(); at += 76) out += clean.substr(at, 76) + "\n";
    return out;
  }();
  return text;
}

const char* path_name(b64::Path path) {
  return path == b64::Path::Avx2 ? "avx2" : "portable";
}

struct Case {
  const char* name;
  const std::string& (*input)();
  std::string (*operation)(std::string_view);
};

const Case kCases[] = {
    {"BM_Base64Encode_8MB", payload, b64::encode},
    {"BM_Base64Decode_8MB", clean_text, b64::decode_lenient},
    {"BM_Base64DecodeStrict_8MB", clean_text, b64::decode_strict},
    {"BM_Base64DecodeWrapped_8MB", wrapped_text, b64::decode_lenient},
};

void run(benchmark::State& state, const Case& bench_case, b64::Path path) {
  const std::string& input = bench_case.input();
  const b64::Path previous = b64::force_path(path);
  for (auto _ : state) {
    std::string out = bench_case.operation(input);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(kPayloadBytes));
  b64::force_path(previous);
}

[[maybe_unused]] const bool registered = [] {
  for (const b64::Path path : b64::available_paths()) {
    for (const Case& bench_case : kCases) {
      const std::string name = std::string(bench_case.name) + "/" + path_name(path);
      benchmark::RegisterBenchmark(name.c_str(), run, bench_case, path)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    }
  }
  return true;
}();

}  // namespace
