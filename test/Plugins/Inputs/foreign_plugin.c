/* A pass plugin whose entry point reports whatever versions the test asks
 * for (-DAPI_VERSION=..., -DPLUGIN_VERSION="..."): Kiln must refuse it
 * before calling its registration function, which would abort. */
#include <stdint.h>
#include <stdlib.h>

struct PassPluginLibraryInfo {
  uint32_t apiVersion;
  const char *pluginName;
  const char *pluginVersion;
  void (*registerPassRegistryCallbacks)(void);
};

static void registerPasses(void) { abort(); }

struct PassPluginLibraryInfo mlirGetPassPluginInfo(void) {
  struct PassPluginLibraryInfo info = {API_VERSION, "foreign", PLUGIN_VERSION,
                                       registerPasses};
  return info;
}
