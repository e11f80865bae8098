#pragma once
#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>
#include <vector>

namespace craftmark::util {

/// Where each setting of a program comes from, strongest first: its command-line flag, the
/// environment (`CRAFTMARK_` and the flag's name in capitals, `--max-connections` is
/// `CRAFTMARK_MAX_CONNECTIONS`), the configuration file (`--config`, `CRAFTMARK_CONFIG`, or
/// /etc/craftmark/craftmark.toml when it exists; TOML or INI, keys named as the flags), and the
/// program's default.
///
/// CLI11 reads the file itself but lets it win over the environment; an administrator expects a
/// variable set in a unit's `Environment=` to beat the shared file, so the environment is given
/// to CLI11 as if typed, behind the real flags.
class layered_settings {
  public:
    static constexpr char const* default_config = "/etc/craftmark/craftmark.toml";

    /// Adds --config to `app` (call after every other option has been added).
    explicit layered_settings(CLI::App& app);

    /// Parses argv with the environment and the configuration file; throws CLI's errors.
    void parse(int argc, char** argv);

    struct setting {
        std::string name; // the flag without its dashes
        std::string value;
        std::string source; // "command line", "environment CRAFTMARK_…", "file …", "default"
    };
    /// Every option of the main program (not --help, --version or --config) as it stands.
    std::vector<setting> effective() const;
    /// effective() as `name = value  # source` lines, valid TOML for a configuration file.
    std::string describe() const;

  private:
    static std::string environment_name(std::string const& flag);

    CLI::App& app_;
    std::filesystem::path config_file_;
    std::vector<std::string> typed_; // flags given on the command line
    std::vector<std::string> from_environment_;
};

} // namespace craftmark::util
