#include "hog/core/pickle_compat.hpp"

namespace hog::core::pickle {
namespace {

struct ModuleRename {
  std::string_view from, to;
};
struct NameRename {
  std::string_view from_module, from_name, to_module, to_name;
};

#include "pickle_compat_names.inc"

template <std::size_t N, std::size_t M>
QualifiedName rename(const NameRename (&names)[N], const ModuleRename (&modules)[M], std::string_view module,
                     std::string_view name) {
  for (const auto& row : names) {
    if (row.from_module == module && row.from_name == name) return {std::string(row.to_module), std::string(row.to_name)};
  }
  for (const auto& row : modules) {
    if (row.from == module) return {std::string(row.to), std::string(name)};
  }
  return {std::string(module), std::string(name)};
}

}  // namespace

QualifiedName to_python3(std::string_view module, std::string_view name) {
  return rename(kNameMapping, kImportMapping, module, name);
}

QualifiedName to_python2(std::string_view module, std::string_view name) {
  return rename(kReverseNameMapping, kReverseImportMapping, module, name);
}

}  // namespace hog::core::pickle
