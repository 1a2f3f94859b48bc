// eslint for the code the browser runs (pages/ui/components): `npm run lint`, and
// `make lint`, which `make test` runs first.
import js from "@eslint/js";
import globals from "globals";

export default [
    js.configs.recommended,
    {
        files: ["pages/ui/components/**/*.js"],
        languageOptions: {
            ecmaVersion: 2022,
            sourceType: "module",
            globals: { ...globals.browser },
        },
        rules: {
            "no-unused-vars": ["error", { args: "none" }],
            eqeqeq: ["error", "always"],
            "no-var": "error",
            "prefer-const": "error",
        },
    },
    {
        files: ["pages/ui/components/**/*.test.js"],
        languageOptions: { globals: { ...globals.node } },
    },
];
