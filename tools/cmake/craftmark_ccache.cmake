# Use ccache when it is installed: a Beast session file costs ~40 s to compile, ~0.5 s on a hit.
# Paths are hashed relative to the checkout (base_dir, no working directory), so a fresh clone
# elsewhere on the machine (CI's) hits the cache a developer's build filled.
find_program(CRAFTMARK_CCACHE ccache)
if(CRAFTMARK_CCACHE)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${CMAKE_COMMAND}" -E env "CCACHE_BASEDIR=${PROJECT_SOURCE_DIR}"
    CCACHE_NOHASHDIR=1 "${CRAFTMARK_CCACHE}")
else()
  message(STATUS "ccache not found: builds will not be cached")
endif()
