#include "completion.hpp"

#include <algorithm>
#include <iostream>

#include "catalogue.hpp"
#include "exit_codes.hpp"

namespace vitec::cli {

namespace {

/// The options whose value is a file, completed as one.
constexpr const char* file_options = "--csv|--failed|--body|--password-file|--token-file|--db";

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : " ") + word;
  return out;
}

/// The script's fixed part: finds the subcommand and its first positional (api's operation id,
/// describe's name) among the words before the cursor, skipping options and their values.
constexpr const char* completion_function = R"bash(
_vitec_connect() {
  local cur="${COMP_WORDS[COMP_CWORD]}" prev="" word sub="" named="" i
  ((COMP_CWORD > 0)) && prev="${COMP_WORDS[COMP_CWORD - 1]}"
  COMPREPLY=()
  # A value after NAME= is the user's to write. Bash splits NAME=VALUE at '=' by default
  # (COMP_WORDBREAKS), so that '=' is a word of its own.
  if [[ $cur == "=" || $prev == "=" || $cur == *=* ]]; then
    return
  fi
  case "$prev" in
    @FILE_OPTIONS@) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --area) COMPREPLY=($(compgen -W "$_vitec_connect_areas" -- "$cur")); return ;;
    --format) COMPREPLY=($(compgen -W "json xml" -- "$cur")); return ;;
  esac
  if [[ " $_vitec_connect_valued " == *" $prev "* ]]; then
    return
  fi
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="${COMP_WORDS[i]}"
    if [[ $word == -* ]]; then
      if [[ " $_vitec_connect_valued " == *" $word "* ]]; then
        [[ ${COMP_WORDS[i + 1]} == "=" ]] && ((i++))
        ((i++))
      fi
    elif [[ -z $sub ]]; then
      sub="$word"
    elif [[ -z $named ]]; then
      named="$word"
    fi
  done
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$_vitec_connect_common $(_vitec_connect_options "$sub")" -- "$cur"))
  elif [[ -z $sub ]]; then
    COMPREPLY=($(compgen -W "$_vitec_connect_subcommands" -- "$cur"))
  elif [[ $sub == api && -z $named ]]; then
    COMPREPLY=($(compgen -W "$_vitec_connect_operations" -- "$cur"))
  elif [[ $sub == api ]]; then
    compopt -o nospace 2>/dev/null  # fails outside a completion: harmless
    COMPREPLY=($(compgen -S = -W "$(_vitec_connect_parameters "$named")" -- "$cur"))
  elif [[ $sub == describe && -z $named ]]; then
    COMPREPLY=($(compgen -W "$_vitec_connect_operations $_vitec_connect_models" -- "$cur"))
  fi
}
complete -F _vitec_connect vitec-connect
)bash";

}  // namespace

int run_completion(const CommandWords& words) {
  const auto& description = catalogue();
  std::vector<std::string> operations, models, areas, subcommands;
  for (const auto& op : description["operations"]) {
    operations.push_back(op["id"].get<std::string>());
    const auto area = op["area"].get<std::string>();
    if (std::find(areas.begin(), areas.end(), area) == areas.end()) areas.push_back(area);
  }
  for (const char* table : {"models", "enums"}) {
    for (const auto& [key, item] : description[table].items()) models.push_back(key);
  }
  for (const auto& [name, options] : words.options) {
    if (!name.empty()) subcommands.push_back(name);
  }
  std::cout << "# bash completion for vitec-connect, written by `vitec-connect completion bash`\n"
               "# from the operations and models it was built with.\n"
            << "_vitec_connect_subcommands='" << joined(subcommands) << "'\n"
            << "_vitec_connect_common='" << joined(words.options.at("")) << "'\n"
            << "_vitec_connect_valued='"
            << joined(std::vector<std::string>(words.valued.begin(), words.valued.end())) << "'\n"
            << "_vitec_connect_areas='" << joined(areas) << "'\n"
            << "_vitec_connect_operations='" << joined(operations) << "'\n"
            << "_vitec_connect_models='" << joined(models) << "'\n\n"
            << "_vitec_connect_options() {\n  case \"$1\" in\n";
  for (const auto& [name, options] : words.options) {
    if (!name.empty()) std::cout << "    " << name << ") echo '" << joined(options) << "' ;;\n";
  }
  std::cout << "  esac\n}\n\n_vitec_connect_parameters() {\n  case \"$1\" in\n";
  for (const auto& op : description["operations"]) {
    std::vector<std::string> names;
    for (const auto& p : op["parameters"]) names.push_back(p["name"].get<std::string>());
    std::cout << "    " << op["id"].get<std::string>() << ") echo '" << joined(names) << "' ;;\n";
  }
  std::cout << "  esac\n}\n";
  std::string function = completion_function;
  const std::string marker = "@FILE_OPTIONS@";
  function.replace(function.find(marker), marker.size(), file_options);
  std::cout << function;
  return exit_ok;
}

}  // namespace vitec::cli
