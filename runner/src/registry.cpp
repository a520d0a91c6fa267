// The function registry (see hog/runner/registry.hpp).
#include "hog/runner/registry.hpp"

#include <stdexcept>

namespace hog::runner {
namespace {

bool is_identifier_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_identifier_char(char c) {
  return is_identifier_start(c) || (c >= '0' && c <= '9');
}

}  // namespace

bool is_dotted_name(std::string_view name) {
  bool at_part_start = true;
  for (const char c : name) {
    if (c == '.') {
      if (at_part_start) return false;
      at_part_start = true;
    } else if (at_part_start ? is_identifier_start(c) : is_identifier_char(c)) {
      at_part_start = false;
    } else {
      return false;
    }
  }
  return !at_part_start;
}

void Registry::add(std::string name, Function function) {
  if (!is_dotted_name(name)) {
    throw std::invalid_argument("runner function name '" + name + "' is not a dotted name");
  }
  if (!function) throw std::invalid_argument("runner function '" + name + "' is empty");
  const auto [it, inserted] = functions_.emplace(std::move(name), std::move(function));
  if (!inserted) {
    throw std::invalid_argument("runner function '" + it->first + "' is registered twice");
  }
}

const Function* Registry::find(std::string_view name) const {
  const auto it = functions_.find(name);
  return it == functions_.end() ? nullptr : &it->second;
}

std::vector<std::string> Registry::names() const {
  std::vector<std::string> result;
  result.reserve(functions_.size());
  for (const auto& entry : functions_) result.push_back(entry.first);
  return result;
}

}  // namespace hog::runner
