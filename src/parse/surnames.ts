// Common Chinese family names (single and compound), to tell a name from other short Han words
// where a byline has no role word: "（袁源）", "（姚峰 上海报道）", "河南商报记者马俊峰/文".

const SINGLE = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由'
  + '陳楊黃趙吳孫馬鄭謝許韓馮鄧蕭葉蘇呂沈盧薑鍾譚陸範賈韋鄒熊賀顧龔萬錢嚴覃戴莫溫樊齊喬龐顏聶魯嶽歐耿關蘭俞劉張';
const COMPOUND = ['欧阳', '歐陽', '司马', '司馬', '上官', '诸葛', '諸葛', '东方', '東方', '皇甫', '尉迟', '公孙', '公孫', '慕容', '令狐', '长孙', '長孫', '宇文', '司徒', '夏侯', '端木', '轩辕', '呼延', '南宫', '西门', '独孤'];

const singles = new Set([...SINGLE]);

/** Whether a 2–4 character Han string reads as a person's name (a common family name, then one or two characters). */
export function looksLikeHanName(text: string): boolean {
  const chars = [...text];
  if (chars.length < 2 || chars.length > 4 || !/^\p{Script=Han}+$/u.test(text)) return false;
  if (COMPOUND.some((c) => text.startsWith(c))) return chars.length >= 3;
  return singles.has(chars[0]!) && chars.length <= 3;
}
