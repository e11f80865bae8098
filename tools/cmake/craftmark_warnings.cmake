# Warnings as an INTERFACE target that every project target links PRIVATE.
add_library(craftmark_warnings INTERFACE)
target_compile_options(craftmark_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual -Wpedantic
  -Wimplicit-fallthrough -Wformat=2 -Wmisleading-indentation -Wduplicated-cond -Wlogical-op
  # Records are aggregates with defaults; initialising only the leading members is intended.
  -Wno-missing-field-initializers)
option(CRAFTMARK_WERROR "Treat warnings as errors" OFF)
if(CRAFTMARK_WERROR)
  target_compile_options(craftmark_warnings INTERFACE -Werror)
endif()
