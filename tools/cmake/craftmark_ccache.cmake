# Use ccache when it is installed: a Beast session file costs ~40 s to compile, ~0.5 s on a hit.
find_program(CRAFTMARK_CCACHE ccache)
if(CRAFTMARK_CCACHE)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${CRAFTMARK_CCACHE}")
else()
  message(STATUS "ccache not found: builds will not be cached")
endif()
