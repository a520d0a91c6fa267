// The floor under deserialize of a small payload: what the value model itself costs to build and
// free the graph a decode of the call payload ((1, 2.0, 'x', [1, 2, 3]), {'z': 10}) makes, with no
// decoding at all — nodes made straight through the heap's API, as the decoder makes them.
// Names: ValueModel/heap_life (a heap with one node: taken, guarded, handed to a Value, freed) and
// ValueModel/call_graph (the call's 6 nodes, 4 item vectors and one dict key). bench/compare.py
// prints both under the round-trip row. White-box: it includes core/src/value_internal.hpp.
#include <benchmark/benchmark.h>

#include "value_internal.hpp"

namespace {

using hog::core::Kind;
using hog::core::Value;
using namespace hog::core::detail;

// The decoder's first-chunk and node hints for the call's 51-byte pickle.
constexpr std::size_t kFirstChunk = 51 * 16;
constexpr std::size_t kNodes = 51;

void heap_life(benchmark::State& state) {
  for (auto _ : state) {
    HeapGuard guard(kFirstChunk, kNodes);
    Value root = guard.finish(slot_of(guard.heap().make<SequenceNode>(Kind::Tuple)));
    benchmark::DoNotOptimize(root);
  }
}

void call_graph(benchmark::State& state) {
  for (auto _ : state) {
    HeapGuard guard(kFirstChunk, kNodes);
    Heap& heap = guard.heap();
    auto* list = heap.make<SequenceNode>(Kind::List);
    const Slot list_items[] = {int_slot(1), int_slot(2), int_slot(3)};
    list->items.assign(std::begin(list_items), std::end(list_items));
    auto* args = heap.make<SequenceNode>(Kind::Tuple);
    const Slot args_items[] = {int_slot(1), float_slot(2.0), slot_of(heap.make_str("x")),
                               slot_of(list)};
    args->items.assign(std::begin(args_items), std::end(args_items));
    auto* kwargs = heap.make<DictNode>();
    const Slot pair[] = {slot_of(heap.make_str("z")), int_slot(10)};
    dict_set_pairs(*kwargs, pair, 1);
    auto* call = heap.make<SequenceNode>(Kind::Tuple);
    const Slot call_items[] = {slot_of(args), slot_of(kwargs)};
    call->items.assign(std::begin(call_items), std::end(call_items));
    Value root = guard.finish(slot_of(call));
    benchmark::DoNotOptimize(root);
  }
}

BENCHMARK(heap_life)->Name("ValueModel/heap_life");
BENCHMARK(call_graph)->Name("ValueModel/call_graph");

}  // namespace
