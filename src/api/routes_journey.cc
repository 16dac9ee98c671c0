// placeholder: being written
#include "api/app.h"
namespace sg::api {
void AddJourneyRoutes(RouteTable&) {}
}  // namespace sg::api
