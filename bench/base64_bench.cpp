// Base64 throughput on 8 MB, per implementation path (the target is >= 4 GB/s encode and decode):
// BM_Base64Encode_8MB/<path>, BM_Base64Decode_8MB/<path> (lenient, clean text: the Groundhog
// case), BM_Base64DecodeStrict_8MB/<path>, and BM_Base64DecodeWrapped_8MB/<path> (lenient, a
// newline every 76 characters). Bytes processed count the decoded side, so GB/s compares across
// directions.
#include <benchmark/benchmark.h>

#include <random>
#include <string>

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

template <typename Operation>
void run_on_path(benchmark::State& state, b64::Path path, const std::string& input,
                 Operation operation) {
  const b64::Path previous = b64::force_path(path);
  for (auto _ : state) {
    std::string out = operation(input);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(kPayloadBytes));
  b64::force_path(previous);
}

void register_path(b64::Path path) {
  const std::string suffix = std::string("/") + path_name(path);
  benchmark::RegisterBenchmark(("BM_Base64Encode_8MB" + suffix).c_str(),
                               [path](benchmark::State& state) {
                                 run_on_path(state, path, payload(),
                                             [](const std::string& in) { return b64::encode(in); });
                               })
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark(("BM_Base64Decode_8MB" + suffix).c_str(),
                               [path](benchmark::State& state) {
                                 run_on_path(state, path, clean_text(), [](const std::string& in) {
                                   return b64::decode_lenient(in);
                                 });
                               })
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark(("BM_Base64DecodeStrict_8MB" + suffix).c_str(),
                               [path](benchmark::State& state) {
                                 run_on_path(state, path, clean_text(), [](const std::string& in) {
                                   return b64::decode_strict(in);
                                 });
                               })
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark(("BM_Base64DecodeWrapped_8MB" + suffix).c_str(),
                               [path](benchmark::State& state) {
                                 run_on_path(
                                     state, path, wrapped_text(),
                                     [](const std::string& in) { return b64::decode_lenient(in); });
                               })
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
}

[[maybe_unused]] const bool registered = [] {
  for (const b64::Path path : b64::available_paths()) register_path(path);
  return true;
}();

}  // namespace
