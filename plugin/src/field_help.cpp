#include "field_help.hpp"

#include <json_writer/json_writer.hpp>

namespace tts {
namespace {

// Every credential sits on the app's page in Partner Center.
constexpr const char* kAppPage =
    "Sign in to TikTok Shop Partner Center (partner.tiktokshop.com; US shops: "
    "partner.us.tiktokshop.com), open App and service, select your app and open Developing. ";

}  // namespace

void write_field_help(jsonw::Writer& w) {
  const std::string app_page = kAppPage;
  w.begin_object();
  w.field("/oauth_client/service_region",
          "Where the shops you will authorize are: \"us\" for shops in the United States "
          "(the app is registered in the US Partner Center), \"non_us\" for every other market.");
  w.field("/oauth_client/client_id", app_page + "Copy the App key: it is the client ID.");
  w.field("/oauth_client/client_secret",
          app_page +
              "Copy the App secret: it is the client secret. It is stored encrypted and "
              "never shown again; type it again on every edit.");
  w.field("/oauth_client/service_id",
          app_page +
              "Copy the ID shown under the app's name: it is the service ID (not the app "
              "key).");
  w.field("/app_key", app_page + "Copy the App key (the same value as the client ID).");
  w.field("/app_secret",
          app_page +
              "Copy the App secret (the same value as the client secret). It is "
              "stored encrypted and never shown again; type it again on every edit.");
  w.end_object();
}

}  // namespace tts
