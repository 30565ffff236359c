# Reads targets/<goos>_<goarch>.json into CMake variables, so the runtime build and the
# compiler see the same target list. Only leaf files carry triple/cpu/features/abi.
#
# Sets TALPA_TARGETS (e.g. linux_amd64;...) and for each target T:
#   TALPA_TARGET_<T>_GOOS, _GOARCH, _TRIPLE, _CPU, _FEATURES, _ABI, _RUN
function(talpa_read_targets dir)
  file(GLOB leaves RELATIVE "${dir}" "${dir}/*_*.json")
  list(SORT leaves)
  set(names "")
  foreach(leaf IN LISTS leaves)
    string(REGEX REPLACE "\\.json$" "" name "${leaf}")
    file(READ "${dir}/${leaf}" text)
    string(JSON parent GET "${text}" inherits)
    file(READ "${dir}/${parent}.json" ptext)
    string(JSON goos GET "${ptext}" goos)
    set(TALPA_TARGET_${name}_GOOS "${goos}" PARENT_SCOPE)
    foreach(key goarch triple cpu features abi run)
      string(JSON value GET "${text}" ${key})
      string(TOUPPER "${key}" ukey)
      set(TALPA_TARGET_${name}_${ukey} "${value}" PARENT_SCOPE)
    endforeach()
    list(APPEND names "${name}")
  endforeach()
  set(TALPA_TARGETS "${names}" PARENT_SCOPE)
endfunction()
