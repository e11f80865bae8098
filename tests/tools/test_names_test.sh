#!/usr/bin/env bash
# ctest runs each doctest case by its name; a ";" in a name splits it into two arguments, and
# the case then silently runs nothing. Refuse such names, also when clang-format has moved the
# name (or part of it) onto the next line.
set -eu
cd "$1"
found=$(find tests -name '*.cpp' -print0 | xargs -0 perl -0ne '
  while (/TEST_CASE\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\)/g) {
    my $name = $1;
    print "$ARGV: $name\n" if $name =~ /;/;
  }')
if [ -n "$found" ]; then
  echo "$found"
  echo "FAIL: the test case names above hold \";\": ctest would never run them"
  exit 1
fi
echo "test case names: none holds a \";\""
