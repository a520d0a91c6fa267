// Python-style argument binding for the builtins (see bind_arguments.hpp).
#include "bind_arguments.hpp"

#include <optional>
#include <string>

namespace hog::runner::detail {
namespace {

std::string quoted_list(const std::vector<std::string_view>& names) {
  // Python: 'a', 'a' and 'b', 'a', 'b' and 'c'.
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? (names.size() > 2 ? ", and " : " and ") : ", ";
    text += "'" + std::string(names[i]) + "'";
  }
  return text;
}

}  // namespace

std::vector<core::Value> bind_arguments(const Call& call, std::string_view function,
                                        const std::vector<std::string_view>& parameters) {
  const std::string name = std::string(function) + "()";
  const std::size_t given = call.args.size();
  if (given > parameters.size()) {
    const std::size_t n = parameters.size();
    throw core::TypeError(name + " takes " + std::to_string(n) + " positional argument" +
                          (n == 1 ? "" : "s") + " but " + std::to_string(given) +
                          (given == 1 ? " was" : " were") + " given");
  }
  std::vector<std::optional<core::Value>> bound(parameters.size());
  for (std::size_t i = 0; i < given; ++i) bound[i] = call.args[static_cast<std::ptrdiff_t>(i)];
  for (const auto& [key, value] : call.kwargs.items()) {
    const std::string_view keyword = key.as_str();
    std::size_t index = 0;
    while (index < parameters.size() && parameters[index] != keyword) ++index;
    if (index == parameters.size()) {
      throw core::TypeError(name + " got an unexpected keyword argument '" + std::string(keyword) +
                            "'");
    }
    if (bound[index]) {
      throw core::TypeError(name + " got multiple values for argument '" + std::string(keyword) +
                            "'");
    }
    bound[index] = value;
  }
  std::vector<std::string_view> missing;
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    if (!bound[i]) missing.push_back(parameters[i]);
  }
  if (!missing.empty()) {
    const std::size_t n = missing.size();
    throw core::TypeError(name + " missing " + std::to_string(n) + " required positional argument" +
                          (n == 1 ? "" : "s") + ": " + quoted_list(missing));
  }
  std::vector<core::Value> values;
  values.reserve(bound.size());
  for (auto& value : bound) values.push_back(std::move(*value));
  return values;
}

}  // namespace hog::runner::detail
