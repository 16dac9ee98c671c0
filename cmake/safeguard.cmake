# One helper per kind of target, so each module's CMakeLists.txt is a few
# declarative lines (modelled on Abseil's absl_cc_library / absl_cc_test).
#
#   sg_library(NAME core SOURCES a.cc b.cc DEPS fmt::fmt EMBED kName=path/to/file)
#   sg_test(NAME core_test SOURCES a_test.cc DEPS core)
#
# Libraries are named sg_<NAME> and aliased sg::<NAME>; includes are rooted at
# src/ so that code writes #include "core/date.h".

include(GoogleTest)

# Turns data files into a generated .cc of std::string_view constants so the
# binary stands alone; the files stay plain text in the repo (data/ or a
# module's migrations/).
function(sg_embed target)
  set(out_cc "${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.cc")
  set(args "")
  set(deps "")
  foreach(pair IN LISTS ARGN)
    string(REPLACE "=" ";" kv "${pair}")
    list(GET kv 0 symbol)
    list(GET kv 1 path)
    get_filename_component(path "${path}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND args "${symbol}=${path}")
    list(APPEND deps "${path}")
  endforeach()
  add_custom_command(
    OUTPUT "${out_cc}"
    COMMAND ${CMAKE_COMMAND} "-DOUT=${out_cc}" "-DPAIRS=${args}"
            -P "${PROJECT_SOURCE_DIR}/cmake/embed.cmake"
    DEPENDS ${deps} "${PROJECT_SOURCE_DIR}/cmake/embed.cmake"
    COMMENT "Embedding data files into ${target}"
    VERBATIM)
  target_sources(${target} PRIVATE "${out_cc}")
endfunction()

function(sg_library)
  cmake_parse_arguments(SG "" "NAME" "SOURCES;DEPS;EMBED" ${ARGN})
  add_library(sg_${SG_NAME} STATIC ${SG_SOURCES})
  add_library(sg::${SG_NAME} ALIAS sg_${SG_NAME})
  target_include_directories(sg_${SG_NAME} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_link_libraries(sg_${SG_NAME} PUBLIC ${SG_DEPS})
  if(SG_EMBED)
    sg_embed(sg_${SG_NAME} ${SG_EMBED})
  endif()
endfunction()

function(sg_test)
  cmake_parse_arguments(SG "" "NAME" "SOURCES;DEPS" ${ARGN})
  if(NOT BUILD_TESTING)
    return()
  endif()
  add_executable(${SG_NAME} ${SG_SOURCES})
  target_link_libraries(${SG_NAME} PRIVATE ${SG_DEPS} GTest::gmock GTest::gtest_main)
  target_compile_definitions(${SG_NAME} PRIVATE SG_TESTDATA_DIR="${PROJECT_SOURCE_DIR}/testdata")
  gtest_discover_tests(${SG_NAME} DISCOVERY_MODE PRE_TEST
                       PROPERTIES LABELS unit ENVIRONMENT "SG_TESTDATA=${PROJECT_SOURCE_DIR}/testdata")
endfunction()
