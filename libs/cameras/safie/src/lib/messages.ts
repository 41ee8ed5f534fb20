/**
 * What the owner reads when Safie refuses us: Japanese first, then English,
 * each saying what to do next.
 */
export const ownerMessages = {
  credentials:
    'SafieのAPIキーまたはアクセストークンが受け付けられません。Safie Developersでキーを確認し、カメラ連携を設定し直してください。' +
    ' / Safie does not accept the API key or access token. Check it in Safie Developers and set up the camera connection again.',
  permission: (deviceId: string) =>
    `SafieのAPIキーにカメラ ${deviceId} の権限がありません。Safie Viewerでこのカメラの共有設定を確認してください。` +
    ` / The Safie API key has no access to camera ${deviceId}. Check the camera's sharing in Safie Viewer.`,
  noToken:
    'Safieのアクセストークンを取得できません。Safieとの連携をやり直してください。' +
    ' / No Safie access token could be obtained. Connect Safie again.',
};
