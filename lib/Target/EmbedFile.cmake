#===- EmbedFile.cmake - Turn a file into a C++ byte array ----------------===#
#
# cmake -DINPUT=<file> -DOUTPUT=<file.cpp> -DSYMBOL=<identifier> -P EmbedFile.cmake
#
# Writes a .cpp defining, in namespace kiln::target::embedded,
#   extern const char SYMBOL[];              // the bytes, then one NUL
#   extern const unsigned long SYMBOL_size;  // without the NUL
# Only CMake itself runs here, so the build needs no xxd/objcopy/ld, and the
# output is byte-identical for identical input. The trailing NUL lets text
# files be used as C strings.

foreach(var INPUT OUTPUT SYMBOL)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "EmbedFile.cmake: -D${var}=... is required")
  endif()
endforeach()

file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hexLength)
math(EXPR size "${hexLength} / 2")
# 16 bytes per line keeps the generated file readable and diffable.
string(REGEX REPLACE "([0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f])"
       "\\1\n" hex "${hex}")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")

get_filename_component(inputName "${INPUT}" NAME)
file(WRITE "${OUTPUT}.tmp"
"//===- ${SYMBOL}.cpp - generated from ${inputName} by EmbedFile.cmake -===//
namespace kiln::target::embedded {
extern const char ${SYMBOL}[];
extern const unsigned long ${SYMBOL}_size;
alignas(16) const char ${SYMBOL}[] = {
${bytes}'\\0'};
const unsigned long ${SYMBOL}_size = ${size}ul;
} // namespace kiln::target::embedded
")
# Only touch OUTPUT when it changes, so dependents do not rebuild needlessly.
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different
                "${OUTPUT}.tmp" "${OUTPUT}")
file(REMOVE "${OUTPUT}.tmp")
