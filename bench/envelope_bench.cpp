// serialize and deserialize (pickle protocol 5 + base64 envelope) of the shared workloads.
// Names: Serialize/<workload>, Deserialize/<workload>, and RoundTrip/<workload> (serialize then
// deserialize the result, for the workloads in kRoundTrips); bench/compare.py times the same in
// CPython.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <iterator>
#include <string_view>

#include "hog/core/envelope.hpp"
#include "workloads.hpp"

namespace {

using hog::core::Value;

void serialize_case(benchmark::State& state, Value (*build)()) {
  const Value value = build();
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string payload = hog::core::serialize(value, {.limit_bytes = std::nullopt});
    bytes = payload.size();
    benchmark::DoNotOptimize(payload);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["payload_bytes"] = static_cast<double>(bytes);
}

void deserialize_case(benchmark::State& state, Value (*build)()) {
  const std::string payload = hog::core::serialize(build(), {.limit_bytes = std::nullopt});
  for (auto _ : state) {
    Value value = hog::core::deserialize(payload);
    benchmark::DoNotOptimize(value);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * payload.size()));
}

void round_trip_case(benchmark::State& state, Value (*build)()) {
  const Value value = build();
  for (auto _ : state) {
    Value back = hog::core::deserialize(hog::core::serialize(value, {.limit_bytes = std::nullopt}));
    benchmark::DoNotOptimize(back);
  }
}

constexpr std::string_view kRoundTrips[] = {"call"};

const bool registered = [] {
  for (const auto& workload : hog::bench::workloads()) {
    benchmark::RegisterBenchmark(("Serialize/" + workload.name).c_str(), serialize_case,
                                 workload.build)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("Deserialize/" + workload.name).c_str(), deserialize_case,
                                 workload.build)
        ->Unit(benchmark::kMicrosecond);
    if (std::ranges::find(kRoundTrips, workload.name) != std::end(kRoundTrips)) {
      benchmark::RegisterBenchmark(("RoundTrip/" + workload.name).c_str(), round_trip_case,
                                   workload.build)
          ->Unit(benchmark::kMicrosecond);
    }
  }
  return true;
}();

}  // namespace
