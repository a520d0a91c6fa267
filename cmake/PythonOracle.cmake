# Finds the Python interpreter the oracle tests compare against: one that imports numpy.
# Debian's python3-numpy belongs to /usr/bin/python3, so that is tried before whatever
# python3 comes first on PATH. Configuration fails loudly when no candidate qualifies:
# an oracle test must never skip silently.
set(HOG_PYTHON "" CACHE FILEPATH "Python interpreter with numpy used as the test oracle")
if(NOT HOG_PYTHON)
  set(_hog_candidates /usr/bin/python3)
  find_program(_hog_path_python NAMES python3 NO_CACHE)
  if(_hog_path_python)
    list(APPEND _hog_candidates "${_hog_path_python}")
  endif()
  foreach(_candidate IN LISTS _hog_candidates)
    if(EXISTS "${_candidate}")
      execute_process(COMMAND "${_candidate}" -c "import numpy, pickle, sys; assert sys.version_info >= (3, 11)"
                      RESULT_VARIABLE _hog_rc OUTPUT_QUIET ERROR_QUIET)
      if(_hog_rc EQUAL 0)
        set(HOG_PYTHON "${_candidate}" CACHE FILEPATH "Python interpreter with numpy used as the test oracle" FORCE)
        break()
      endif()
    endif()
  endforeach()
endif()
if(NOT HOG_PYTHON)
  message(FATAL_ERROR "No Python >= 3.11 interpreter that imports numpy was found (tried /usr/bin/python3 "
                      "and python3 on PATH). Install Debian's python3-numpy, or pass -DHOG_PYTHON=/path/to/python3.")
endif()
execute_process(COMMAND "${HOG_PYTHON}" -c "import sys, numpy; print(sys.version.split()[0], numpy.__version__)"
                OUTPUT_VARIABLE _hog_versions OUTPUT_STRIP_TRAILING_WHITESPACE)
message(STATUS "Oracle interpreter: ${HOG_PYTHON} (Python, NumPy: ${_hog_versions})")
