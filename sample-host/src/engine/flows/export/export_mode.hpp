// export_mode.hpp: how an export chooses its window and what it keeps (--mode of `run`).
#pragma once

namespace host::engine {

// kAll: the whole window; kDelta: from the stored cursor (the first run behaves like kAll);
// kOnce: like kAll, once; kTest: the first records only, to a preview output, no cursor.
enum class ExportMode { kAll, kDelta, kOnce, kTest };

}  // namespace host::engine
