// Python 2 <-> 3 renames against CPython's _compat_pickle, entry by entry.
#include <gtest/gtest.h>

#include <sstream>

#include "hog/core/pickle_compat.hpp"
#include "support/python_oracle.hpp"

namespace pk = hog::core::pickle;

TEST(PickleCompat, Examples) {
  EXPECT_EQ(pk::to_python3("__builtin__", "xrange"), pk::QualifiedName("builtins", "range"));
  EXPECT_EQ(pk::to_python3("copy_reg", "_reconstructor"), pk::QualifiedName("copyreg", "_reconstructor"));
  EXPECT_EQ(pk::to_python2("builtins", "complex"), pk::QualifiedName("__builtin__", "complex"));
  EXPECT_EQ(pk::to_python2("mymodule", "Thing"), pk::QualifiedName("mymodule", "Thing"));
}

// Every (module, name) the tables mention, mapped both ways by CPython and by us.
TEST(PickleCompat, MatchesCompatPickle) {
  const std::string out = hog::test::run_python(R"(
import _compat_pickle as c
names = set(c.NAME_MAPPING) | set(c.REVERSE_NAME_MAPPING)
names |= {(m, 'x') for m in list(c.IMPORT_MAPPING) + list(c.REVERSE_IMPORT_MAPPING)}
names |= {('builtins', 'set'), ('nomodule', 'x')}
def fwd(m, n):
    if (m, n) in c.NAME_MAPPING: return c.NAME_MAPPING[(m, n)]
    return c.IMPORT_MAPPING.get(m, m), n
def rev(m, n):
    if (m, n) in c.REVERSE_NAME_MAPPING: return c.REVERSE_NAME_MAPPING[(m, n)]
    return c.REVERSE_IMPORT_MAPPING.get(m, m), n
for m, n in sorted(names):
    print(m, n, *fwd(m, n), *rev(m, n))
)");
  std::istringstream lines(out);
  std::string m, n, m3, n3, m2, n2;
  int checked = 0;
  while (lines >> m >> n >> m3 >> n3 >> m2 >> n2) {
    EXPECT_EQ(pk::to_python3(m, n), pk::QualifiedName(m3, n3)) << m << "." << n;
    EXPECT_EQ(pk::to_python2(m, n), pk::QualifiedName(m2, n2)) << m << "." << n;
    ++checked;
  }
  EXPECT_GT(checked, 200);
}
