// placeholder: being written
#include "api/app.h"
namespace sg::api {
void AddMetaRoutes(RouteTable&) {}
}  // namespace sg::api
