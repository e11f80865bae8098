#include "shared/util/layered_settings.hpp"

#include <algorithm>
#include <cstdlib>
#include <sstream>

namespace craftmark::util {
namespace {

/// Settings are the options a configuration file may hold: not --help, --version, --config or
/// one-off actions such as --print-config (those are marked not configurable).
bool is_setting(CLI::Option const* option) {
    auto name = option->get_single_name();
    return name != "help" && name != "version" && !option->get_lnames().empty() &&
           option->get_configurable() && !option->get_group().empty();
}

bool typed_on_command_line(std::string const& flag, int argc, char** argv) {
    auto plain = "--" + flag;
    auto with_value = plain + "=";
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "--") break;
        if (arg == plain || arg.starts_with(with_value)) return true;
    }
    return false;
}

/// TOML string or array of strings for a value as CLI11 holds it.
std::string toml_value(std::vector<std::string> const& results, bool is_list) {
    auto quoted = [](std::string const& s) {
        std::string out = "\"";
        for (char c : s) out += c == '"' || c == '\\' ? std::string{'\\', c} : std::string(1, c);
        return out + "\"";
    };
    auto scalar = [&](std::string const& s) {
        bool number = !s.empty() && s.find_first_not_of("0123456789.") == std::string::npos;
        return number || s == "true" || s == "false" ? s : quoted(s);
    };
    if (!is_list) return results.empty() ? "\"\"" : scalar(results.back());
    std::string out = "[";
    for (auto const& r : results) out += (out.size() > 1 ? ", " : "") + quoted(r);
    return out + "]";
}

} // namespace

layered_settings::layered_settings(CLI::App& app) : app_(app) {
    app_.set_config("--config", default_config,
                    "configuration file, TOML or INI, keys named as these options "
                    "(CRAFTMARK_CONFIG); the command line and the environment override it");
}

std::string layered_settings::environment_name(std::string const& flag) {
    std::string name = "CRAFTMARK_";
    for (char c : flag) name += c == '-' ? '_' : static_cast<char>(std::toupper(c));
    return name;
}

void layered_settings::parse(int argc, char** argv) {
    std::vector<std::string> injected;
    for (auto const* option : app_.get_options()) {
        auto name = option->get_single_name();
        if (name == "help" || name == "version" || option->get_lnames().empty()) continue;
        if (typed_on_command_line(name, argc, argv)) {
            typed_.push_back(name);
            continue;
        }
        char const* value = std::getenv(environment_name(name).c_str());
        if (value == nullptr || *value == '\0') continue;
        from_environment_.push_back(name);
        injected.push_back("--" + name + "=" + value);
    }
    // The environment's flags go right after the program's name, so that they belong to the
    // main program and never to a subcommand.
    std::vector<char*> args{argv[0]};
    for (auto& arg : injected) args.push_back(arg.data());
    args.insert(args.end(), argv + 1, argv + argc);
    try {
        app_.parse(static_cast<int>(args.size()), args.data());
    } catch (CLI::ConfigError const& e) {
        // CLI11 says "INI was not able to parse KEY" for a key no option has.
        std::string_view text = e.what();
        std::string_view prefix = "INI was not able to parse ";
        if (!text.starts_with(prefix)) throw;
        auto* config = app_.get_config_ptr();
        auto file = config && config->count() ? config->results().back() : default_config;
        throw CLI::ConfigError(file + ": there is no setting \"" +
                               std::string(text.substr(prefix.size())) +
                               "\" (the settings are the options --help lists)");
    }
    if (auto* config = app_.get_config_ptr(); config && config->count() > 0)
        config_file_ = config->results().back();
}

std::vector<layered_settings::setting> layered_settings::effective() const {
    std::vector<setting> out;
    for (auto const* option : app_.get_options()) {
        if (!is_setting(option)) continue;
        auto name = option->get_single_name();
        setting s{name, "", "default"};
        bool is_list = option->get_expected_max() > 1;
        if (option->count() > 0) {
            s.value = toml_value(option->results(), is_list);
            if (std::ranges::find(typed_, name) != typed_.end())
                s.source = "command line";
            else if (std::ranges::find(from_environment_, name) != from_environment_.end())
                s.source = "environment " + environment_name(name);
            else
                s.source = "file " + config_file_.string();
        } else if (option->get_type_size() == 0) {
            s.value = "false";
        } else {
            auto fallback = option->get_default_str();
            s.value = is_list && fallback.empty() ? "[]" : toml_value({fallback}, false);
        }
        out.push_back(std::move(s));
    }
    return out;
}

std::string layered_settings::describe() const {
    std::ostringstream out;
    out << "# the effective configuration; configuration file: "
        << (config_file_.empty() ? std::string("none") : config_file_.string()) << "\n";
    std::size_t width = 0;
    auto settings = effective();
    for (auto const& s : settings) width = std::max(width, s.name.size() + 3 + s.value.size());
    for (auto const& s : settings) {
        auto line = s.name + " = " + s.value;
        out << line << std::string(width - line.size() + 2, ' ') << "# " << s.source << "\n";
    }
    return out.str();
}

} // namespace craftmark::util
