#===- KilnModel.cmake - Build-time model compilation and pass plugins -----===#
#
# Installed next to KilnConfig.cmake, which defines Kiln::kiln and the
# KILN_* variables these functions use. docs/cmake.md shows both in use.
#
# kiln_add_model(<target> MODEL <file.onnx|file.onnxtxt>
#                [NAME <c_name>] [TARGET <triple|short name>] [CPU <cpu>]
#                [CUSTOM_OPS <description.json>...]
#                [PASS_PLUGINS <plugin target or file>...]
#                [PASS_AT <phase>:<pipeline>...]
#                [OPTIONS <other kiln compile flags>...]
#                [DEPENDS <files or targets>...])
#   Runs `kiln compile` at build time, whenever the model, a description, a
#   plugin or kiln itself changes, into <build dir>/kiln/<target>/, and
#   defines <target>: an INTERFACE library that links <name>.a and puts
#   <name>.h (and Kiln's runtime headers) on the include path. NAME defaults
#   to the model file's stem as a C identifier.
#
# kiln_add_pass_plugin(<target> <sources>...)
#   A MODULE library (lib<target>.so) built against this Kiln's plugin
#   headers and the MLIR it was built with (Debian's LLVM 22), for
#   `kiln compile --load-pass-plugin`, `kiln-opt --load-pass-plugin` and
#   kiln_add_model(PASS_PLUGINS).

function(kiln_add_model target)
  cmake_parse_arguments(ARG "" "MODEL;NAME;TARGET;CPU"
                        "CUSTOM_OPS;PASS_PLUGINS;PASS_AT;OPTIONS;DEPENDS"
                        ${ARGN})
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "kiln_add_model(${target}): unknown arguments "
                        "${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_MODEL)
    message(FATAL_ERROR "kiln_add_model(${target}): MODEL is required")
  endif()
  get_filename_component(model "${ARG_MODEL}" ABSOLUTE
                         BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  set(name "${ARG_NAME}")
  if(NOT name)
    get_filename_component(stem "${model}" NAME_WE)
    string(MAKE_C_IDENTIFIER "${stem}" name)
  endif()
  set(out "${CMAKE_CURRENT_BINARY_DIR}/kiln/${target}")

  set(args compile "${model}" -o "${out}" --name "${name}")
  set(deps "${model}" Kiln::kiln ${ARG_DEPENDS})
  if(ARG_TARGET)
    list(APPEND args --target "${ARG_TARGET}")
  endif()
  if(ARG_CPU)
    list(APPEND args --cpu "${ARG_CPU}")
  endif()
  foreach(file IN LISTS ARG_CUSTOM_OPS)
    get_filename_component(file "${file}" ABSOLUTE
                           BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND args --custom-ops "${file}")
    list(APPEND deps "${file}")
  endforeach()
  foreach(plugin IN LISTS ARG_PASS_PLUGINS)
    if(TARGET ${plugin})
      list(APPEND args "--load-pass-plugin=$<TARGET_FILE:${plugin}>")
    else()
      get_filename_component(plugin "${plugin}" ABSOLUTE
                             BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
      list(APPEND args "--load-pass-plugin=${plugin}")
    endif()
    list(APPEND deps ${plugin})
  endforeach()
  foreach(step IN LISTS ARG_PASS_AT)
    list(APPEND args "--pass-at=${step}")
  endforeach()
  list(APPEND args ${ARG_OPTIONS})

  set(outputs "${out}/${name}.a" "${out}/${name}.h" "${out}/kiln_runtime.h")
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND ${CMAKE_COMMAND} -E make_directory "${out}"
    COMMAND Kiln::kiln ${args}
    DEPENDS ${deps}
    COMMENT "Compiling ${ARG_MODEL} with Kiln"
    VERBATIM)
  add_custom_target(${target}_kiln_compile DEPENDS ${outputs})

  add_library(${target} INTERFACE)
  add_dependencies(${target} ${target}_kiln_compile)
  target_include_directories(${target} INTERFACE "${out}" "${KILN_INCLUDE_DIR}")
  target_link_libraries(${target} INTERFACE "${out}/${name}.a")
endfunction()

function(kiln_add_pass_plugin target)
  if(NOT ARGN)
    message(FATAL_ERROR "kiln_add_pass_plugin(${target}): no sources")
  endif()
  # The MLIR that Kiln was built with: the plugin shares its C++ ABI.
  get_property(found GLOBAL PROPERTY KILN_PLUGIN_MLIR_FOUND)
  if(NOT found)
    find_package(MLIR REQUIRED CONFIG
                 PATHS "${KILN_LLVM_ROOT}/lib/cmake/mlir" NO_DEFAULT_PATH)
    separate_arguments(defs NATIVE_COMMAND "${LLVM_DEFINITIONS}")
    set_property(GLOBAL PROPERTY KILN_PLUGIN_MLIR_FOUND TRUE)
    set_property(GLOBAL PROPERTY KILN_PLUGIN_INCLUDES
                 ${MLIR_INCLUDE_DIRS} ${LLVM_INCLUDE_DIRS})
    set_property(GLOBAL PROPERTY KILN_PLUGIN_DEFINITIONS ${defs})
  endif()
  get_property(includes GLOBAL PROPERTY KILN_PLUGIN_INCLUDES)
  get_property(defs GLOBAL PROPERTY KILN_PLUGIN_DEFINITIONS)

  add_library(${target} MODULE ${ARGN})
  target_compile_features(${target} PRIVATE cxx_std_17)
  target_include_directories(${target} PRIVATE "${KILN_INCLUDE_DIR}")
  target_include_directories(${target} SYSTEM PRIVATE ${includes})
  target_compile_options(${target} PRIVATE ${defs})
  # Only MLIR is linked: Kiln's own classes (the graph dialect) resolve
  # against the kiln executable that loads the plugin.
  target_link_libraries(${target} PRIVATE MLIR)
endfunction()
