#include "hog/core/errors.hpp"

namespace hog::core {

Error::~Error() = default;

}  // namespace hog::core
