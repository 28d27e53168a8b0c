# Shared by the seed, tasks and doctor integration suites (included by each, whichever CMake
# reaches first): the fixture library and the function that adds one suite.
#
# Each suite is one CTest test (one process), so that its PostgreSQL server starts once rather
# than once per case; GoogleTest still reports every case by name.
if(NOT TARGET deckhand_plugin_test_fixture)
  add_library(deckhand_plugin_test_fixture STATIC ${CMAKE_CURRENT_LIST_DIR}/plugin_fixture.cpp)
  target_include_directories(deckhand_plugin_test_fixture PUBLIC ${CMAKE_CURRENT_LIST_DIR})
  target_link_libraries(deckhand_plugin_test_fixture
    PUBLIC deckhand::test_support deckhand_sqlite_driver deckhand_postgres_driver spdlog::spdlog
           GTest::gtest
    # The "migrations" service that the host would have from the migrate plugin.
    PRIVATE deckhand_migrate_engine deckhand::warnings)
endif()

function(deckhand_add_plugin_suite name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "TIMEOUT" "SOURCES;LIBRARIES")
  add_executable(${name} ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  target_link_libraries(${name} PRIVATE deckhand_plugin_test_fixture deckhand::warnings
                                        ${ARG_LIBRARIES} GTest::gtest GTest::gtest_main)
  # The end-to-end cases run bin/deckhand, which loads these plugins from the build tree.
  add_dependencies(${name} deckhand deckhand_plugin_sqlite deckhand_plugin_postgres
                   deckhand_plugin_migrate deckhand_plugin_seed deckhand_plugin_tasks
                   deckhand_plugin_doctor)
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS "integration;postgres;sqlite"
                                          TIMEOUT ${ARG_TIMEOUT})
endfunction()
