// The driver extension does nothing by itself: its tests module (dist/test/vscode/vsix.js) runs through
// extensionTestsPath. It exists so that VS Code loads the installed GFlowNet Studio as a dependency.
exports.activate = () => {};
exports.deactivate = () => {};
