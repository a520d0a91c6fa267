// Proxy references (see hog/core/proxy_ref.hpp): the reduced-object form and its checks.
#include "hog/core/proxy_ref.hpp"

#include "hog/core/errors.hpp"

namespace hog::core {

void check_proxy_key(std::string_view key) {
  if (key.empty() || key == "." || key == ".." || key.find('/') != std::string_view::npos ||
      key.find('\0') != std::string_view::npos) {
    throw ValueError("proxy key '" + std::string(key) + "' is not a plain file name");
  }
}

Value make_proxy_ref(const ProxyRef& ref) {
  check_proxy_key(ref.key);
  Reduction reduction;
  reduction.callable = Value::global(kProxyModule, kProxyFunction);
  reduction.args = Value::tuple({Value(ref.store_dir), Value(ref.key)});
  return Value::reduced(reduction);
}

std::optional<ProxyRef> read_proxy_ref(const Value& value) {
  if (value.kind() != Kind::Reduced) return std::nullopt;
  const Reduction reduction = value.as_reduction();
  if (reduction.callable.kind() != Kind::Global ||
      reduction.callable.global_module() != kProxyModule ||
      reduction.callable.global_name() != kProxyFunction) {
    return std::nullopt;
  }
  const Value& args = reduction.args;
  if (reduction.how != Construction::Reduce || args.kind() != Kind::Tuple || args.size() != 2 ||
      args[0].kind() != Kind::Str || args[1].kind() != Kind::Str || reduction.state ||
      !reduction.list_items.empty() || !reduction.dict_items.empty()) {
    throw ValueError("hogsim.proxy.resolve takes (store_dir: str, key: str) and nothing else");
  }
  ProxyRef ref{std::string(args[0].as_str()), std::string(args[1].as_str())};
  check_proxy_key(ref.key);
  return ref;
}

}  // namespace hog::core
