# cmake -P script: installs host-api (configured alone) into a temporary prefix, then configures,
# builds and runs tests/abi/consumer against it through find_package(connector_abi 1 CONFIG).
# Also checks that find_package(connector_abi 2) is refused: a different major is a different ABI.
# Inputs (-D): HOST_API_DIR, CONSUMER_DIR, INSTALL_SHIM_DIR, WORK_DIR, GENERATOR.
# Touches no network and nothing outside WORK_DIR.
foreach(var HOST_API_DIR CONSUMER_DIR INSTALL_SHIM_DIR WORK_DIR GENERATOR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "find_package_consumer.cmake needs -D${var}=...")
  endif()
endforeach()

file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

# run(<what> <expect success: TRUE|FALSE> <command...>)
function(run what expect_success)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(expect_success AND NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  elseif(NOT expect_success AND rc EQUAL 0)
    message(FATAL_ERROR "${what} succeeded but must fail:\n${out}\n${err}")
  endif()
  set(run_output "${out}${err}" PARENT_SCOPE)
endfunction()

run("configuring host-api alone" TRUE
    ${CMAKE_COMMAND} -S ${INSTALL_SHIM_DIR} -B ${WORK_DIR}/host-api-build -G ${GENERATOR}
    -DHOST_API_DIR=${HOST_API_DIR})
run("installing host-api" TRUE
    ${CMAKE_COMMAND} --install ${WORK_DIR}/host-api-build --prefix ${prefix})

run("configuring the consumer" TRUE
    ${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${WORK_DIR}/consumer-build -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF)
run("building the consumer" TRUE ${CMAKE_COMMAND} --build ${WORK_DIR}/consumer-build)
run("running the consumer" TRUE ${WORK_DIR}/consumer-build/consumer)
if(NOT run_output MATCHES "connector ABI 1\\.[0-9]+, entry cnx_connector_get_api")
  message(FATAL_ERROR "the consumer printed something unexpected: ${run_output}")
endif()
message(STATUS "consumer: ${run_output}")

run("configuring a consumer that asks for ABI major 2" FALSE
    ${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${WORK_DIR}/consumer-major2-build -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${prefix} -DCONSUMER_ABI_MAJOR=2 -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF)
if(NOT run_output MATCHES "connector_abi")
  message(FATAL_ERROR "the major-2 refusal did not mention connector_abi: ${run_output}")
endif()
file(REMOVE_RECURSE ${WORK_DIR})
