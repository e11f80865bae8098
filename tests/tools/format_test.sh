#!/usr/bin/env bash
# Every C++ file is formatted as .clang-format says (clang-format 14, as Debian ships it).
set -eu
cd "$1"
files=$(git ls-files '*.cpp' '*.hpp' 2>/dev/null || find shared server client tools tests -name '*.[ch]pp')
clang-format --dry-run --Werror $files
echo "$(echo "$files" | wc -l) files formatted"
