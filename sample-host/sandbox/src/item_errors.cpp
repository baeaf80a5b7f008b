// item_errors.cpp: the partial-success answer of batch writes.
#include "item_errors.hpp"

namespace sandbox {

ItemErrors::ItemErrors(std::string_view id_key) : id_key_(id_key), writer_(data_) {
  writer_.begin_object().key("errors").begin_array();
}

void ItemErrors::add(std::int64_t code, std::string_view message, std::string_view id) {
  writer_.begin_object().field("code", code).field("message", message);
  writer_.key("detail").begin_object().field(id_key_, id).end_object().end_object();
}

ApiResponse ItemErrors::answer() {
  writer_.end_array().end_object();
  return success(data_);
}

}  // namespace sandbox
