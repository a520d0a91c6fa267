# Project-wide compile options: warnings everywhere, -Werror in CI builds, sanitizers in dev.
add_library(hog_options INTERFACE)
target_compile_options(hog_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                             -Wimplicit-fallthrough)
if(HOG_WERROR)
  target_compile_options(hog_options INTERFACE -Werror)
endif()
if(HOG_SANITIZE)
  target_compile_options(hog_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                               -fno-sanitize-recover=undefined)
  target_link_options(hog_options INTERFACE -fsanitize=address,undefined)
endif()
