#===- KilnAddLibrary.cmake - helpers for Kiln's targets ------------------===#
# kiln_add_library(name SRCS... [DEPENDS tblgen-targets...] [LINK libs...])
# A static library of compiler code, linked against the MLIR/LLVM dylibs.
function(kiln_add_library name)
  cmake_parse_arguments(ARG "" "" "DEPENDS;LINK" ${ARGN})
  add_library(${name} STATIC ${ARG_UNPARSED_ARGUMENTS})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
  target_link_libraries(${name} PUBLIC ${ARG_LINK} ${KILN_MLIR_LIBS} ${KILN_LLVM_LIBS})
endfunction()
